// The demo's words in Traditional Chinese as written in Hong Kong, for the Kowloon company: reviews
// as HK customers write them (mostly written Cantonese, some standard written Chinese) about
// home-maintenance visits (water heaters, air conditioners, leaks), bills in HK$, managers' notes,
// and customers named as HK records hold them ("Chan Tai Man", "Kelvin Chan"). Customers call the
// technician by surname and 師傅 ("陳師傅"). The same lists as the English ones in text.ts.
import type { DemoText } from "./text-shape.js";

const PROMOTER_VISIT = [
  "{staff}好專業，講清楚個熱水爐咩問題，一個鐘內搞掂，走之前仲執得乾乾淨淨。",
  "好滿意！{staff}準時到，入屋前著鞋套，仲教我點用個新溫度掣。",
  "{staff}好有心，順手幫我檢查埋房間部冷氣機。唔該晒！",
  "快、有禮貌又乾淨。麻煩幫我多謝{staff}。",
  "{staff}到之前20分鐘打電話通知，唔使成日喺屋企等。服務一流。",
  "冇得彈。{staff}對我阿媽好有耐性，講咗兩次都冇唔耐煩。",
  "一次過整好，冇整污糟地方，{staff}仲教我下次點樣自己洗冷氣機隔塵網。",
  "{staff}有禮貌又專業，即刻搞掂咗廚房星盆底漏水。",
  "正！{staff}發現浴室抽氣扇都有問題，順手整埋，冇收多錢。",
  "約咗第二日，{staff}喺時段頭一個鐘已經到，而家花灑出水正常晒。",
  "{staff}工作認真，開工前清楚說明收費，完成後收拾妥當，值得表揚。",
  "同{staff}傾得好舒服，佢好有耐性咁解答晒我對新熱水爐嘅問題。",
];

const PROMOTER_BRANCH = [
  "門市職員好幫得手，即場幫我約好維修時間。",
  "好易約到時間，櫃位職員好友善。",
  "去門市問張單嘅問題，五分鐘就搞掂。",
];

const PROMOTER_PLAIN = ["一如以往，服務好好。", "好快搞掂，唔該晒。", "服務滿意，沒有投訴。"];

const PASSIVE = [
  "整係整好咗，但要由朝早8點等到下晝1點。",
  "{staff}人幾好，但我要追幾次先約到時間。",
  "最後都整好。如果第一次預約冇被取消，我會俾10分。",
  "整體OK。師傅冇帶啱零件，要上多次門。",
  "還可以。當日有短訊通知幾點到就好好多。",
  "做得唔錯，不過以咁嘅工程嚟講有啲貴。",
  "{staff}做得幾好，但預約熱線要等25分鐘先有人聽。",
  "都OK，不過冇人話我知師傅要上天台睇冷氣機外機。",
];

const DETRACTOR: DemoText["detractor"] = {
  "unexpected budget": [
    "約咗做例行熱水爐保養，點知最後收我{amount}，換咗件之前冇人提過嘅零件。",
    "之前話年檢已經包咗，而家又收到張{amount}嘅單，事前完全冇人講過。",
    "師傅冇問過我就換咗個掣，收我{amount}。早問我嘅話我一定唔換。",
    "本來係普通保養，點知喺門口即場報價{amount}，好似嚟推銷多過嚟維修。",
  ],
  punctuality: [
    "喺屋企等足成日都冇人嚟，電話短訊都冇。",
    "師傅遲咗三個鐘先到，又冇打電話通知，我特登請咗半日假。",
    "第二次爽約。我已經為咗等師傅請咗兩日假。",
    "時段寫住朝早8點至12點，師傅下晝4點先嚟，冇人通知過我。",
  ],
  "repeat visit": [
    "同一個漏水問題已經第三次上門，依然滴緊水。",
    "整完兩日又壞返，又要再等。",
    "每次都嚟個唔同嘅師傅，次次由頭嚟過。",
    "呢個月熱水爐「整好」咗兩次，但每晚都仲係會熄。",
  ],
  "technician treatment": [
    "師傅態度好差，問多兩句就當我白痴咁。",
    "成條走廊都係泥腳印，佢都唔執下。",
    "{staff}全程講電話，幾乎冇同我講過嘢。",
    "師傅喺我門口食煙，又冇閂閘，隻狗走咗出去。",
  ],
  communication: [
    "改咗預約時間都冇人通知我，我自己打去問先知。",
    "打咗四次電話，都冇人答到我零件幾時到。",
    "承諾會回電安排維修日期，但至今仍未收到任何回覆。",
  ],
  price: ["上門費太貴，十分鐘嘅嘢收咁多錢。", "換個水喉墊圈收{amount}？以後都唔會再搵你哋。"],
  "equipment fault": ["上個月先裝嘅新冷氣機已經壞咗兩次。", "新換嘅溫度掣用咗一個禮拜就壞咗。"],
};

const DETRACTOR_COMPLAINT: DemoText["detractorComplaint"] = [
  ["兩個禮拜前已經投訴，到而家都未有人覆。", "communication"],
  ["投訴師傅整花咗我地板，冇人打俾我就當處理完。", "technician treatment"],
  ["投訴師傅爽約，只係收到一封制式電郵，根本冇人睇過。", "punctuality"],
  ["再次投訴：本來話免費嘅年度保養，點解收我{amount}？", "unexpected budget"],
];

const DETRACTOR_BRANCH: DemoText["detractorBranch"] = [
  ["喺門市排咗40分鐘隊，最後叫我打電話。", "communication"],
  ["門市話搵唔到我嘅預約，叫我返去。", "communication"],
];

const RECOVERY: DemoText["recovery"] = {
  "unexpected budget": [
    "退回零件費{amount}，並解釋保養服務包括的項目",
    "以客戶關係為由豁免收費，同時事先確認餘下工程的費用",
  ],
  punctuality: ["安排跟進維修於朝早8點第一個時段，出發前先致電客戶", "送上HK$200禮券，補償客戶請假的損失"],
  "repeat visit": ["派資深師傅上門，徹底更換損壞的水掣", "安排同一位師傅跟進，直至問題解決"],
  "technician treatment": ["親自向客戶道歉並改派另一位師傅；已同該師傅傾過", "安排清洗走廊地氈"],
  communication: ["提供直線電話方便跟進，並以書面確認維修日期", "每日打電話更新進度，直至零件到貨"],
  price: ["解釋收費詳情，並給予八折優惠作為補償"],
  "equipment fault": ["翌日按保養條款更換新機", "安排廠方技術人員上門檢查"],
};

const NOT_RECOVERED = [
  "已同客戶傾過，客戶仍然不滿{issue}，想轉用其他公司。已記錄，留待區域檢討跟進。",
  "同客戶傾咗好耐電話，已解釋事件經過，但客戶不接受有關{issue}的解釋。",
];

const UNREACHABLE = [
  "分三日打咗三次電話，留咗言同短訊，都冇回覆。",
  "客戶留低嘅電話冇人聽，已發電郵提供直線電話請客戶回覆。",
];

const COACHING: DemoText["coaching"] = {
  punctuality: {
    topic: "遲到時預先通知客戶",
    notes: [
      "同{staff}檢討咗呢單個案。大家同意遲過15分鐘就要WhatsApp通知客戶；{staff}仲提議咗一個訊息範本。",
      "{staff}解釋咗編排路線嘅問題。我哋將第一單工作推遲，並約定出發前先致電客戶。",
    ],
  },
  "technician treatment": {
    topic: "講解工作內容，完工後還原現場",
    notes: [
      "同{staff}傾咗客戶點睇今次上門。{staff}以後會喺車上常備鞋套同防塵布。",
      "傾得唔錯。{staff}之前冇意識到客戶會咁諗，以後開工前會逐步解釋。",
    ],
  },
  "unexpected budget": {
    topic: "換零件前先同客戶確認費用",
    notes: [
      "{staff}以後超過HK$500嘅零件都會先報價，客戶同意先換。我哋一齊練習咗點同客戶講。",
      "一齊睇過價目表；{staff}而家會先喺平板俾客戶睇清楚價錢。",
    ],
  },
};

/** Given names as HK records romanise them (two syllables, surname first) and English ones. */
const CANTONESE_GIVEN = [
  "Tai Man",
  "Ka Yan",
  "Wing Kei",
  "Mei Ling",
  "Chi Keung",
  "Siu Fong",
  "Ka Lok",
  "Hoi Yan",
  "Wai Ming",
  "Suet Ying",
  "Kwok Wah",
  "Yuk Lan",
  "Chun Hei",
  "Wing Yan",
  "Man Kit",
];
const ENGLISH_GIVEN = [
  "Kelvin",
  "Winnie",
  "Ivy",
  "Carmen",
  "Alan",
  "Jason",
  "Karen",
  "Kenneth",
  "Michelle",
  "Gigi",
  "Eric",
  "Cherry",
  "Tommy",
  "Joyce",
  "Raymond",
  "Fiona",
];

/** Surnames as romanised in Hong Kong, and how they are written in Chinese. */
const SURNAMES: Record<string, string> = {
  Chan: "陳",
  Wong: "黃",
  Lee: "李",
  Cheung: "張",
  Lau: "劉",
  Ho: "何",
  Lam: "林",
  Leung: "梁",
  Ng: "吳",
  Tsang: "曾",
  Yip: "葉",
  Chow: "周",
  Tang: "鄧",
  Kwok: "郭",
  Mak: "麥",
  Cheng: "鄭",
  Lai: "黎",
  Yeung: "楊",
  Fung: "馮",
  Tam: "譚",
};

const isCantonese = (given: string) => given.includes(" ");

export const ZH_HANT_HK_TEXT = {
  // "Chan Tai Man" (surname first) -> 陳師傅, as customers address a technician.
  staffCall: (fullName) => {
    const surname = fullName.split(" ")[0]!;
    return `${SURNAMES[surname] ?? surname}師傅`;
  },
  // Bills about eight times the pound figure, to the nearest ten dollars: "HK$1,280".
  money: (base) => `HK$${String(Math.round((base * 8) / 10) * 10).replace(/\B(?=(\d{3})+$)/g, ",")}`,
  touchpoints: { "maintenance visit": "上門維修", complaint: "投訴", "branch visit": "門市查詢" },
  promoterVisit: PROMOTER_VISIT,
  promoterBranch: PROMOTER_BRANCH,
  promoterPlain: PROMOTER_PLAIN,
  passive: PASSIVE,
  detractor: DETRACTOR,
  detractorComplaint: DETRACTOR_COMPLAINT,
  detractorBranch: DETRACTOR_BRANCH,
  recovery: RECOVERY,
  recovered: "已致電客戶道歉，並{action}。客戶滿意處理結果。",
  notRecovered: NOT_RECOVERED,
  unreachable: UNREACHABLE,
  issue: {
    "unexpected budget": "額外收費",
    punctuality: "師傅遲到",
    "repeat visit": "要多次上門",
    "technician treatment": "師傅的態度",
    communication: "未獲通知",
    price: "收費",
    "equipment fault": "設備故障",
  },
  followUpNote: "已留言，今日下晝再打。",
  coaching: COACHING,
  customers: {
    firstNames: [...CANTONESE_GIVEN, ...ENGLISH_GIVEN],
    lastNames: Object.keys(SURNAMES),
    fullName: (first, last) => (isCantonese(first) ? `${last} ${first}` : `${first} ${last}`),
    emailName: (first, last) =>
      isCantonese(first)
        ? `${last.toLowerCase()}.${first.toLowerCase().replace(/ /g, "")}`
        : `${first.toLowerCase()}.${last.toLowerCase()}`,
    // Hong Kong has no numbers set aside for fiction: no phone rather than a number that may be someone's.
    phone: () => null,
  },
} satisfies DemoText;

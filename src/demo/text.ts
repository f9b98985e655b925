// Words for the demo data: customers' verbatims as real NPS surveys of home-maintenance visits read,
// managers' case notes and coaching topics, and customers' names. English here (the Manchester
// companies); text-es.ts and text-zh-Hant-HK.ts hold the same lists for the Valencia and Hong Kong
// companies, and textFor picks them by the company's locale. {staff} is how the customer names the
// person who served (staffCall), {amount} a bill in the company's currency (money), {issue} what a
// case was about (issue), {action} what a manager did to recover the customer.
import { ES_TEXT } from "./text-es.js";
import type { DemoText, Theme } from "./text-shape.js";
import { ZH_HANT_HK_TEXT } from "./text-zh-Hant-HK.js";

export type { DemoText, Theme };

const PROMOTER_VISIT = [
  "{staff} was brilliant. Explained what was wrong with the boiler, fixed it in under an hour and left everything spotless.",
  "Really pleased. {staff} turned up bang on time, wore shoe covers and talked me through the new thermostat.",
  "{staff} went above and beyond and even checked the radiators upstairs while here. Thank you!",
  "Quick, friendly and tidy. Please pass on my thanks to {staff}.",
  "{staff} rang 20 minutes before arriving, so I didn't have to wait in all day. Great service.",
  "Couldn't fault it. {staff} was patient with my mum and explained everything twice without any fuss.",
  "First time fix, no mess, and {staff} showed me how to bleed the radiators myself next time.",
  "{staff} was polite and professional and sorted the leak under the sink straight away.",
  "Fantastic. {staff} spotted a second problem with the extractor fan and fixed that too at no extra cost.",
  "Booked in for the next day, {staff} arrived in the first hour of the slot and the shower works perfectly now.",
  "{staff} is a credit to your company. Calm, clear about the cost before starting, and very tidy.",
  "Had a great experience with {staff}, who took the time to answer all my questions about the new boiler.",
];

const PROMOTER_BRANCH = [
  "Staff at the branch were really helpful and booked my repair there and then.",
  "Easy to get an appointment and a friendly team at the counter.",
  "Popped into the branch with a question about my bill and it was sorted in five minutes.",
];

const PROMOTER_PLAIN = ["Good service as always.", "Sorted quickly, thank you.", "No complaints at all, very happy."];

const PASSIVE = [
  "Job done fine but I had to wait in from 8 till 1 for the visit.",
  "{staff} was nice enough, but I had to chase to get the appointment booked.",
  "Fixed in the end. Would have been a 10 if the first slot hadn't been cancelled.",
  "OK overall. The engineer didn't have the right part so it took two visits.",
  "Fine. A text on the day with an arrival time would help a lot.",
  "Decent job, a bit pricey for what it was.",
  "{staff} did a good job, but the booking line kept me on hold for 25 minutes.",
  "All fine, though nobody told me the engineer would need access to the loft.",
];

const DETRACTOR: Record<Theme, string[]> = {
  "unexpected budget": [
    "Booked a routine boiler service and ended up with a {amount} bill for a part nobody mentioned beforehand.",
    "I was told the annual check was covered. Now I have an invoice for {amount} that nobody warned me about.",
    "The engineer replaced a valve without asking and charged me {amount}. I'd have said no if anyone had asked.",
    "Routine visit turned into a {amount} quote on the doorstep. Felt like a sales call, not a service.",
  ],
  punctuality: [
    "Waited in all day and nobody turned up. No call, no text.",
    "The engineer arrived three hours late with no call, and I'd taken the morning off work.",
    "Second time the appointment was missed. I've now used two days' holiday waiting in.",
    "Slot was 8-12, engineer turned up at 4pm. Nobody let me know.",
  ],
  "repeat visit": [
    "Third visit for the same leak and it's still dripping.",
    "The fault came back two days after the repair. Now I'm waiting again.",
    "Each visit a different engineer turns up and starts from scratch.",
    "The boiler has been 'fixed' twice this month and it still cuts out every evening.",
  ],
  "technician treatment": [
    "The engineer was rude and made me feel stupid for asking questions.",
    "Left muddy footprints through the hall and didn't bother to clean up.",
    "{staff} was on the phone the whole time and barely spoke to me.",
    "Engineer smoked on my doorstep and left the gate open, so the dog got out.",
  ],
  communication: [
    "Nobody told me the appointment had been moved. I found out when I called.",
    "I've called four times and still nobody can tell me when the part will arrive.",
    "Was promised a call back with a date for the repair. It never came.",
  ],
  price: [
    "The call-out charge is far too high for a ten minute job.",
    "{amount} to replace a tap washer? Never again.",
  ],
  "equipment fault": [
    "The new boiler installed last month has broken down twice already.",
    "The replacement thermostat stopped working after a week.",
  ],
};

const DETRACTOR_COMPLAINT: [string, Theme][] = [
  ["I raised a complaint a fortnight ago and still have had no reply.", "communication"],
  ["My complaint about the damaged flooring was closed without anyone calling me.", "technician treatment"],
  ["Complained about the missed appointment and got a standard email back. Nobody actually read it.", "punctuality"],
  ["Complaining again about the {amount} charge for what was meant to be a free annual service.", "unexpected budget"],
];

const DETRACTOR_BRANCH: [string, Theme][] = [
  ["Queued for 40 minutes at the branch only to be told to phone instead.", "communication"],
  ["The branch couldn't see my booking and sent me away.", "communication"],
];

const RECOVERY: Record<Theme, string[]> = {
  "unexpected budget": [
    "refunded the {amount} part charge and explained what the service covers",
    "waived the charge as goodwill and agreed the cost of the remaining work up front",
  ],
  punctuality: [
    "booked a fixed 8am slot for the follow-up and called ahead",
    "offered a £25 voucher for the lost morning",
  ],
  "repeat visit": [
    "sent our senior engineer, who replaced the faulty valve for good",
    "booked one named engineer for the customer until the fault is closed",
  ],
  "technician treatment": [
    "apologised in person and arranged a different engineer; spoke to the technician",
    "paid for the hall carpet to be cleaned and apologised",
  ],
  communication: [
    "gave a direct number for updates and confirmed the date in writing",
    "called back daily until the part arrived",
  ],
  price: ["explained the charge and offered a 20% goodwill discount"],
  "equipment fault": ["replaced the unit under warranty the next day", "arranged a manufacturer's engineer visit"],
};

const NOT_RECOVERED = [
  "Spoke to the customer; still unhappy about {issue} and wants to change supplier. Logged for the area review.",
  "Long call with the customer. Explained what happened but they did not accept the explanation about {issue}.",
];

const UNREACHABLE = [
  "Rang three times on different days and left voicemails plus a text; no reply.",
  "No answer on the number given; emailed with a direct line to call back.",
];

const COACHING: Partial<Record<Theme, { topic: string; notes: string[] }>> = {
  punctuality: {
    topic: "Calling ahead when running late",
    notes: [
      "Went through the case with {staff}. Agreed to text customers when running more than 15 minutes late; {staff} suggested a template for it.",
      "{staff} explained the route planning problem. We moved the first job later and agreed a call-ahead habit.",
    ],
  },
  "technician treatment": {
    topic: "Explaining the job and leaving the home as we found it",
    notes: [
      "Talked with {staff} about how the visit felt from the customer's side. {staff} will keep shoe covers and a dust sheet in the van.",
      "Good conversation. {staff} had not realised how it came across and will explain each step before starting.",
    ],
  },
  "unexpected budget": {
    topic: "Agreeing the cost with the customer before fitting parts",
    notes: [
      "{staff} will quote any part over £50 and get a yes before fitting it. We practised how to say it.",
      "Reviewed the price list together; {staff} now shows the customer the cost on the tablet first.",
    ],
  },
};

const FIRST_NAMES = [
  "Margaret",
  "David",
  "Susan",
  "Peter",
  "Linda",
  "John",
  "Karen",
  "Michael",
  "Julie",
  "Paul",
  "Sarah",
  "Andrew",
  "Joanne",
  "Mohammed",
  "Fatima",
  "Patrick",
  "Siobhan",
  "Gareth",
  "Priya",
  "Wei",
  "Olga",
  "Kwame",
];

const LAST_NAMES = [
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Wilson",
  "Evans",
  "Thomas",
  "Roberts",
  "Hussain",
  "Murphy",
  "Hall",
  "Wood",
  "Clarke",
  "Hughes",
  "Patel",
  "Begum",
  "Kowalski",
  "Nowak",
  "Mensah",
  "Chen",
  "O'Brien",
  "Lewis",
];

/** The English words (the Greater Manchester companies, and any company without a locale of its own). */
export const EN_TEXT = {
  staffCall: (fullName) => fullName.split(" ")[0]!,
  money: (base) => `£${base}`,
  touchpoints: { "maintenance visit": "maintenance visit", complaint: "complaint", "branch visit": "branch visit" },
  promoterVisit: PROMOTER_VISIT,
  promoterBranch: PROMOTER_BRANCH,
  promoterPlain: PROMOTER_PLAIN,
  passive: PASSIVE,
  detractor: DETRACTOR,
  detractorComplaint: DETRACTOR_COMPLAINT,
  detractorBranch: DETRACTOR_BRANCH,
  recovery: RECOVERY,
  recovered: "Called the customer, apologised and {action}. Customer happy with the outcome.",
  notRecovered: NOT_RECOVERED,
  unreachable: UNREACHABLE,
  issue: {
    "unexpected budget": "unexpected budget",
    punctuality: "punctuality",
    "repeat visit": "repeat visit",
    "technician treatment": "technician treatment",
    communication: "communication",
    price: "price",
    "equipment fault": "equipment fault",
  },
  followUpNote: "Left a voicemail; will try again this afternoon.",
  coaching: COACHING,
  customers: {
    firstNames: FIRST_NAMES,
    lastNames: LAST_NAMES,
    fullName: (first, last) => `${first} ${last}`,
    emailName: (first, last) => `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, "")}`,
    // Ofcom's drama range (07700 900000-900999): realistic, and never a real person's number.
    phone: (n) => `07700 900${String(n).padStart(3, "0")}`,
  },
} satisfies DemoText;

const BY_LOCALE: Record<string, DemoText> = { es: ES_TEXT, "zh-Hant-HK": ZH_HANT_HK_TEXT };

/** The demo's words for a company's locale (English when it has none, or one the demo does not write). */
export function textFor(locale: string | null | undefined): DemoText {
  return (locale && BY_LOCALE[locale]) || EN_TEXT;
}

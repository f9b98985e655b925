// The demo's words in Spanish (Spain), for the Valencia company: verbatims as customers in Valencia
// write them about home-maintenance visits (boilers, water heaters, air conditioning), bills in
// euros, managers' notes, and customers with a first name and two surnames, Valencian ones among
// them. The same lists as the English ones in text.ts.
import type { DemoText } from "./text-shape.js";

const PROMOTER_VISIT = [
  "{staff} fue muy amable. Me explicó qué le pasaba a la caldera, la arregló en menos de una hora y lo dejó todo limpio.",
  "Muy contenta. {staff} llegó puntual, se puso calzas para no manchar y me explicó cómo funciona el termostato nuevo.",
  "{staff} hizo más de lo que le pedí: ya que estaba, me revisó también el aire del dormitorio. ¡Gracias!",
  "Rápido, amable y limpio. Dadle las gracias a {staff} de mi parte.",
  "{staff} me llamó 20 minutos antes de llegar y no tuve que pasarme la mañana esperando en casa. Un servicio estupendo.",
  "Nada que objetar. {staff} tuvo mucha paciencia con mi madre y le explicó todo dos veces sin ningún problema.",
  "Arreglado a la primera, sin ensuciar nada, y {staff} me enseñó a rearmar el termo por si vuelve a saltar.",
  "{staff} fue muy educado y profesional, y arregló la fuga de debajo del fregadero en un momento.",
  "Genial. {staff} vio que también fallaba el extractor del baño y lo arregló sin cobrarme nada más.",
  "Pedí cita para el día siguiente, {staff} llegó al principio de la franja y la ducha ya funciona perfectamente.",
  "{staff} es un profesional como pocos: tranquilo, me dijo el precio antes de empezar y lo dejó todo recogido.",
  "Muy buena experiencia con {staff}, que se tomó su tiempo para resolver todas mis dudas sobre la caldera nueva.",
];

const PROMOTER_BRANCH = [
  "En la oficina me atendieron muy bien y me dieron cita para la reparación en el momento.",
  "Fácil conseguir cita y muy amables en el mostrador.",
  "Pasé por la oficina con una duda sobre la factura y me la resolvieron en cinco minutos.",
];

const PROMOTER_PLAIN = ["Buen servicio, como siempre.", "Solucionado rápido, gracias.", "Ninguna queja, muy contento."];

const PASSIVE = [
  "El trabajo bien, pero tuve que esperar en casa de 8 a 13 para la visita.",
  "{staff} muy majo, pero tuve que llamar varias veces para que me dieran cita.",
  "Al final lo arreglaron. Habría sido un 10 si no me hubieran anulado la primera cita.",
  "Bien en general. El técnico no traía la pieza y hicieron falta dos visitas.",
  "Correcto. Un SMS el mismo día con la hora de llegada ayudaría mucho.",
  "Buen trabajo, aunque algo caro para lo que era.",
  "{staff} lo hizo bien, pero en el teléfono de citas me tuvieron 25 minutos esperando.",
  "Todo bien, aunque nadie me avisó de que el técnico tendría que subir a la terraza a ver la máquina del aire.",
];

const DETRACTOR: DemoText["detractor"] = {
  "unexpected budget": [
    "Pedí una revisión rutinaria de la caldera y acabé con una factura de {amount} por una pieza que nadie me había mencionado.",
    "Me dijeron que la revisión anual estaba incluida. Ahora me llega una factura de {amount} y nadie me avisó.",
    "El técnico cambió una válvula sin preguntarme y me cobró {amount}. Si me lo hubieran preguntado, habría dicho que no.",
    "Una visita de mantenimiento normal acabó en un presupuesto de {amount} en la puerta de casa. Parecía una visita comercial, no un servicio.",
  ],
  punctuality: [
    "Estuve esperando todo el día y no vino nadie. Ni una llamada ni un mensaje.",
    "El técnico llegó tres horas tarde sin avisar, y yo había pedido la mañana libre en el trabajo.",
    "Es la segunda vez que no se presentan. Ya llevo dos días de vacaciones perdidos esperando en casa.",
    "La franja era de 8 a 12 y el técnico apareció a las cuatro de la tarde. Nadie me avisó.",
  ],
  "repeat visit": [
    "Tercera visita por la misma fuga y sigue goteando.",
    "La avería volvió a los dos días de la reparación. Otra vez a esperar.",
    "En cada visita viene un técnico distinto que empieza otra vez de cero.",
    "Este mes me han «arreglado» la caldera dos veces y sigue apagándose todas las noches.",
  ],
  "technician treatment": [
    "El técnico fue maleducado y me hizo sentir tonta por hacer preguntas.",
    "Me dejó el pasillo lleno de barro y ni se molestó en limpiarlo.",
    "{staff} estuvo todo el rato con el móvil y apenas me dirigió la palabra.",
    "El técnico se puso a fumar en mi puerta y dejó la cancela abierta, y se escapó el perro.",
  ],
  communication: [
    "Nadie me avisó de que me habían cambiado la cita. Me enteré cuando llamé yo.",
    "He llamado cuatro veces y todavía nadie sabe decirme cuándo llega la pieza.",
    "Me prometieron que me llamarían para darme fecha para la reparación. Nunca llamaron.",
  ],
  price: [
    "El desplazamiento es carísimo para un trabajo de diez minutos.",
    "¿{amount} por cambiar la junta de un grifo? Nunca más.",
  ],
  "equipment fault": [
    "El aire acondicionado que me instalaron el mes pasado ya se ha estropeado dos veces.",
    "El termostato nuevo dejó de funcionar a la semana.",
  ],
};

const DETRACTOR_COMPLAINT: DemoText["detractorComplaint"] = [
  ["Puse una reclamación hace dos semanas y todavía no me han contestado.", "communication"],
  ["Cerraron mi reclamación por el suelo dañado sin que nadie me llamara.", "technician treatment"],
  [
    "Reclamé porque no vinieron a la cita y me contestaron con un correo genérico. Está claro que nadie lo leyó.",
    "punctuality",
  ],
  [
    "Vuelvo a reclamar por el cargo de {amount} de lo que tenía que ser una revisión anual gratuita.",
    "unexpected budget",
  ],
];

const DETRACTOR_BRANCH: DemoText["detractorBranch"] = [
  [
    "Estuve 40 minutos haciendo cola en la oficina para que al final me dijeran que llamara por teléfono.",
    "communication",
  ],
  ["En la oficina no encontraban mi cita y me mandaron de vuelta a casa.", "communication"],
];

const RECOVERY: DemoText["recovery"] = {
  "unexpected budget": [
    "le devolví los {amount} de la pieza y le expliqué qué cubre la revisión",
    "le anulé el cargo como gesto comercial y acordamos de antemano el coste del resto del trabajo",
  ],
  punctuality: [
    "le reservé la primera hora (8:00) para la siguiente visita y le llamamos antes de ir",
    "le ofrecí un vale de 25 € por la mañana perdida",
  ],
  "repeat visit": [
    "le mandé a nuestro técnico más veterano, que cambió la válvula defectuosa definitivamente",
    "le asigné un mismo técnico hasta cerrar la avería",
  ],
  "technician treatment": [
    "le pedí disculpas en persona y le asigné otro técnico; ya he hablado con el técnico",
    "pagamos la limpieza de la alfombra del pasillo",
  ],
  communication: [
    "le di un teléfono directo para seguir el caso y le confirmé la fecha por escrito",
    "le llamé cada día hasta que llegó la pieza",
  ],
  price: ["le expliqué el cargo y le ofrecí un 20 % de descuento como gesto comercial"],
  "equipment fault": [
    "le cambiamos el equipo en garantía al día siguiente",
    "organicé la visita de un técnico del fabricante",
  ],
};

const NOT_RECOVERED = [
  "He hablado con el cliente; sigue descontento por {issue} y quiere cambiar de empresa. Lo apunto para la revisión de zona.",
  "Llamada larga con el cliente. Le expliqué lo ocurrido, pero no acepta la explicación sobre {issue}.",
];

const UNREACHABLE = [
  "Le llamé tres veces en días distintos y le dejé mensajes en el buzón de voz y un SMS; no contesta.",
  "No contestan en el número que dejó; le he enviado un correo con un teléfono directo para que nos llame.",
];

const COACHING: DemoText["coaching"] = {
  punctuality: {
    topic: "Avisar al cliente cuando llegamos tarde",
    notes: [
      "Repasé el caso con {staff}. Quedamos en mandar un mensaje al cliente cuando vaya con más de 15 minutos de retraso; {staff} propuso una plantilla.",
      "{staff} me explicó el problema con la planificación de rutas. Retrasamos el primer aviso del día y acordamos llamar antes de llegar.",
    ],
  },
  "technician treatment": {
    topic: "Explicar el trabajo y dejar la casa como la encontramos",
    notes: [
      "Hablé con {staff} de cómo vivió la visita el cliente. {staff} llevará siempre calzas y una lona protectora en la furgoneta.",
      "Buena conversación. {staff} no se había dado cuenta de cómo se percibía y explicará cada paso antes de empezar.",
    ],
  },
  "unexpected budget": {
    topic: "Acordar el coste con el cliente antes de montar piezas",
    notes: [
      "{staff} presupuestará cualquier pieza de más de 50 € y pedirá el visto bueno del cliente antes de montarla. Lo practicamos juntos.",
      "Repasamos juntos la lista de precios; ahora {staff} enseña primero el coste al cliente en la tableta.",
    ],
  },
};

const FIRST_NAMES = [
  "María",
  "Carmen",
  "José",
  "Antonio",
  "Vicente",
  "Amparo",
  "Lucía",
  "Javier",
  "Laura",
  "Francisco",
  "Pilar",
  "Manuel",
  "Rosa",
  "Jorge",
  "Inmaculada",
  "David",
  "Cristina",
  "Sergio",
  "Nuria",
  "Pau",
  "Vicent",
  "Marta",
  "Rafael",
  "Consuelo",
  "Andrés",
  "Elena",
];

const SURNAMES = [
  "García",
  "Martínez",
  "López",
  "Sánchez",
  "Pérez",
  "Gómez",
  "Fernández",
  "Ruiz",
  "Navarro",
  "Moreno",
  "Jiménez",
  "Romero",
  "Torres",
  "Gil",
  "Serrano",
  "Ferrer",
  "Soler",
  "Martí",
  "Llorens",
  "Sanchis",
  "Peris",
  "Monzó",
  "Climent",
  "Vidal",
  "Gimeno",
  "Bosch",
  "Alonso",
  "Ortega",
];

/** Two surnames (father's, mother's): every ordered pair of different ones, picked in one draw. */
const LAST_NAMES = SURNAMES.flatMap((a) => SURNAMES.filter((b) => b !== a).map((b) => `${a} ${b}`));

/** ASCII for an email address: "Monzó" -> "monzo". */
const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");

export const ES_TEXT = {
  staffCall: (fullName) => fullName.split(" ")[0]!,
  money: (base) => `${base} €`,
  touchpoints: {
    "maintenance visit": "visita de mantenimiento",
    complaint: "reclamación",
    "branch visit": "visita a la oficina",
  },
  promoterVisit: PROMOTER_VISIT,
  promoterBranch: PROMOTER_BRANCH,
  promoterPlain: PROMOTER_PLAIN,
  passive: PASSIVE,
  detractor: DETRACTOR,
  detractorComplaint: DETRACTOR_COMPLAINT,
  detractorBranch: DETRACTOR_BRANCH,
  recovery: RECOVERY,
  recovered: "Llamé al cliente, le pedí disculpas y {action}. El cliente queda satisfecho con la solución.",
  notRecovered: NOT_RECOVERED,
  unreachable: UNREACHABLE,
  issue: {
    "unexpected budget": "el cargo que no esperaba",
    punctuality: "el retraso",
    "repeat visit": "las visitas repetidas",
    "technician treatment": "el trato del técnico",
    communication: "la falta de información",
    price: "el precio",
    "equipment fault": "la avería del equipo",
  },
  followUpNote: "Le he dejado un mensaje en el buzón de voz; vuelvo a intentarlo esta tarde.",
  coaching: COACHING,
  customers: {
    firstNames: FIRST_NAMES,
    lastNames: LAST_NAMES,
    fullName: (first, last) => `${first} ${last}`,
    emailName: (first, last) => `${ascii(first)}.${ascii(last.split(" ")[0]!)}`,
    // Spain has no numbers set aside for fiction, as Ofcom's 07700 900xxx are: no phone rather
    // than a number that may be someone's.
    phone: () => null,
  },
} satisfies DemoText;

"""Curated, invented lists the synthetic borough is built from.

Kept as module constants (not data files) so the generator needs no I/O and its output depends
only on this source and the seed. Every list is ordered: changing an entry changes the output.
"""

from __future__ import annotations

# fmt: off
BOROUGH = "Marlbridge"
POSTCODE_AREA = "FD"
# Letters allowed in the inward part of a UK postcode (C, I, K, M, O and V are never used).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Localities of the borough, each with its postcode district number.
LOCALITIES: tuple[tuple[str, int], ...] = (
    ("Marlbridge Centre", 1),
    ("Eastholm", 2),
    ("Kingsmead", 3),
    ("Saltney Green", 4),
    ("Oakhurst", 5),
    ("Fenwick Vale", 6),
    ("Ashby Cross", 7),
    ("Northgate", 8),
    ("Harrowfield", 9),
    ("Millbank", 10),
    ("St Aldwyn's", 11),
    ("Brackley Moor", 12),
    ("Coldharbour", 13),
    ("Wyvern Park", 14),
)

# The police station whose neighbourhood team deals with incidents in each locality: the
# stations are the strata of the hub's dip samples (docs/quality.md).
POLICE_STATIONS: dict[str, str] = {
    "Marlbridge Centre": "Marlbridge Central",
    "Eastholm": "Eastholm",
    "Kingsmead": "Eastholm",
    "Saltney Green": "Saltney Green",
    "Oakhurst": "Saltney Green",
    "Fenwick Vale": "Fenwick Vale",
    "Ashby Cross": "Marlbridge Central",
    "Northgate": "Northgate",
    "Harrowfield": "Northgate",
    "Millbank": "Marlbridge Central",
    "St Aldwyn's": "Fenwick Vale",
    "Brackley Moor": "Northgate",
    "Coldharbour": "Saltney Green",
    "Wyvern Park": "Eastholm",
}

STREET_STEMS: tuple[str, ...] = (
    "Oak", "Elm", "Ash", "Beech", "Willow", "Cedar", "Chestnut", "Hawthorn", "Rowan", "Alder",
    "Birch", "Holly", "Laurel", "Maple", "Poplar", "Sycamore", "Hazel", "Juniper", "Linden",
    "Mulberry", "Orchard", "Meadow", "Mill", "Church", "Station", "Park", "Victoria", "Albert",
    "Queens", "Kings", "Princes", "Windsor", "Stanley", "Nelson", "Cromwell", "Gladstone",
    "Wellington", "Balmoral", "Clarence", "Grange", "Manor", "Priory", "Abbey", "Chapel",
    "School", "Bridge", "Brook", "River", "Canal", "Wharf", "Quarry", "Forge", "Tannery",
    "Foundry", "Ropewalk", "Weavers", "Cobblers", "Potters", "Farriers", "Hill", "Valley",
    "Ridge", "Heath", "Common", "Green", "Field", "Moor", "Marsh", "Spring", "Well", "Castle",
    "Tower", "Market", "Cross", "High", "Long", "Broad", "North", "South", "East", "West",
    "Upper", "Lower", "New", "Marl", "Kestrel", "Heron", "Swallow", "Lark", "Wren", "Robin",
    "Falcon", "Merlin", "Saltney", "Fenwick", "Ashby", "Brackley", "Harrow", "Wyvern", "Aldwyn",
)

STREET_SUFFIXES: tuple[str, ...] = (
    "Road", "Street", "Lane", "Avenue", "Close", "Crescent", "Drive", "Gardens", "Grove", "Way",
    "Place", "Terrace", "Court", "Walk", "Rise", "Mews", "Row", "Square", "View", "Parade",
)

# How agencies sometimes shorten street suffixes.
SUFFIX_ABBREVIATIONS: dict[str, str] = {
    "Road": "Rd", "Street": "St", "Lane": "Ln", "Avenue": "Ave", "Close": "Cl",
    "Crescent": "Cres", "Drive": "Dr", "Gardens": "Gdns", "Grove": "Gr", "Place": "Pl",
    "Terrace": "Terr", "Court": "Ct", "Square": "Sq",
}

BUILDING_NAMES: tuple[str, ...] = (
    "Alder House", "Beacon Court", "Canal View", "Drayton House", "Elmtree Court",
    "Fenwick Tower", "Granary Court", "Heron House", "Ironworks Lofts", "Juniper Point",
    "Kestrel House", "Lockside", "Mercer House", "Northgate Tower", "Orchard Court",
    "Priory House", "Quayside", "Ropemakers Court", "Saltney House", "Tannery Yard",
)

# Given names with the short forms and nicknames agencies record instead.
FEMALE_ADULT: tuple[str, ...] = (
    "Sarah", "Emma", "Laura", "Rebecca", "Gemma", "Hannah", "Charlotte", "Amy", "Lauren",
    "Jessica", "Rachel", "Kelly", "Nicola", "Michelle", "Claire", "Lisa", "Joanne", "Stacey",
    "Danielle", "Samantha", "Katherine", "Elizabeth", "Victoria", "Jennifer", "Natalie", "Zoe",
    "Kirsty", "Leanne", "Amanda", "Donna", "Tracey", "Louise", "Helen", "Stephanie", "Jade",
    "Chloe", "Megan", "Sophie", "Georgia", "Bethany", "Abigail", "Aimee", "Holly", "Shannon",
    "Paige", "Courtney", "Chantelle", "Kayleigh", "Jasmine", "Natasha", "Alexandra", "Deborah",
    "Susan", "Caroline", "Julie", "Margaret", "Catherine", "Christine", "Patricia", "Karen",
    "Dawn", "Angela", "Kimberley", "Carly", "Hayley", "Siobhan", "Aisha", "Fatima", "Priya",
    "Amina", "Yasmin", "Shanice", "Tanisha", "Agnieszka", "Monika", "Simone", "Lucy", "Naomi",
    "Eleanor", "Katie",
)

MALE_ADULT: tuple[str, ...] = (
    "James", "John", "David", "Michael", "Paul", "Mark", "Andrew", "Richard", "Daniel",
    "Christopher", "Matthew", "Thomas", "William", "Robert", "Stephen", "Anthony", "Jonathan",
    "Benjamin", "Samuel", "Joseph", "Nicholas", "Alexander", "Edward", "Peter", "Kevin", "Gary",
    "Darren", "Lee", "Wayne", "Craig", "Dean", "Jason", "Scott", "Ryan", "Liam", "Jamie", "Luke",
    "Adam", "Jack", "Callum", "Connor", "Kieran", "Jordan", "Bradley", "Nathan", "Aaron",
    "Ashley", "Carl", "Shaun", "Stuart", "Neil", "Simon", "Gareth", "Philip", "Timothy", "Kyle",
    "Mohammed", "Imran", "Tariq", "Kwame", "Tyrone", "Marcus", "Dylan", "Reece", "Joshua",
    "Harry", "George", "Charles", "Kenneth", "Raymond", "Terence", "Patrick", "Sean", "Declan",
    "Tomasz", "Piotr", "Lewis", "Jake", "Mason", "Frederick",
)

FEMALE_CHILD: tuple[str, ...] = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Evie", "Poppy", "Ella", "Willow", "Florence", "Daisy", "Sienna", "Harper",
    "Emily", "Ruby", "Millie", "Maisie", "Phoebe", "Scarlett", "Layla", "Aria", "Matilda",
    "Esme", "Elsie", "Hallie", "Imogen", "Alice", "Eliza", "Thea", "Maya", "Zara", "Lola",
    "Hollie", "Isabelle", "Jessica", "Chloe", "Molly", "Erin", "Niamh", "Keira", "Ellie",
    "Amira", "Hafsa", "Victoria", "Eleanor", "Charlotte", "Abigail",
)

MALE_CHILD: tuple[str, ...] = (
    "Oliver", "Noah", "George", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Archie",
    "Henry", "Theodore", "Freddie", "Jack", "Charlie", "Jacob", "Alfie", "Thomas", "Finley",
    "Teddy", "Joshua", "William", "Lucas", "Alexander", "Edward", "Isaac", "Tommy", "Albert",
    "Reggie", "Ronnie", "Max", "Harrison", "Mason", "Riley", "Jaxon", "Logan", "Ethan", "Kai",
    "Tyler", "Louie", "Frankie", "Bobby", "Stanley", "Elliot", "Jayden", "Callum", "Kian",
    "Zayn", "Ibrahim", "Rory", "Toby", "Dexter", "Jenson", "Hunter", "Benjamin", "Samuel",
)

NICKNAMES: dict[str, tuple[str, ...]] = {
    # male
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Robert": ("Rob", "Bob", "Bobby", "Robbie"),
    "Richard": ("Rick", "Rich", "Richie", "Dick"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Johnny", "Jack"),
    "Michael": ("Mike", "Mick", "Mickey"),
    "Christopher": ("Chris", "Kit"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Thomas": ("Tom", "Tommy"),
    "Anthony": ("Tony", "Ant"),
    "Stephen": ("Steve", "Stevie"),
    "Jonathan": ("Jon", "Jonny"),
    "Benjamin": ("Ben", "Benny"),
    "Samuel": ("Sam", "Sammy"),
    "Joseph": ("Joe", "Joey"),
    "Nicholas": ("Nick", "Nicky"),
    "Alexander": ("Alex", "Xander"),
    "Edward": ("Ed", "Eddie", "Ted", "Ned"),
    "Peter": ("Pete",),
    "Andrew": ("Andy", "Drew"),
    "David": ("Dave", "Davey"),
    "Kenneth": ("Ken", "Kenny"),
    "Raymond": ("Ray",),
    "Terence": ("Terry", "Tel"),
    "Patrick": ("Pat", "Paddy"),
    "Philip": ("Phil",),
    "Timothy": ("Tim", "Timmy"),
    "Gareth": ("Gaz",),
    "Gary": ("Gaz",),
    "Darren": ("Daz",),
    "Nathan": ("Nate",),
    "Joshua": ("Josh",),
    "Charles": ("Charlie", "Chas"),
    "Harrison": ("Harry",),
    "Oliver": ("Ollie", "Olly"),
    "Theodore": ("Theo", "Teddy"),
    "Frederick": ("Fred", "Freddie", "Freddy"),
    "Henry": ("Harry", "Hal"),
    "Mohammed": ("Mo", "Mohammad"),
    "Muhammad": ("Mo", "Mohammed"),
    "Callum": ("Cal",),
    "Bradley": ("Brad",),
    "Jacob": ("Jake",),
    "Albert": ("Bert", "Alby"),
    "Stanley": ("Stan",),
    "Tomasz": ("Tom", "Tomek"),
    "Piotr": ("Peter",),
    "Ashley": ("Ash",),
    "Stuart": ("Stu",),
    "Simon": ("Si",),
    "Kieran": ("Kie",),
    "Isaac": ("Zac",),
    "Alfie": ("Alf",),
    "Archie": ("Arch",),
    "Lucas": ("Luke",),
    "Reginald": ("Reg", "Reggie"),
    "Ronald": ("Ron", "Ronnie"),
    "Elliot": ("Eli",),
    "Kwame": ("Kay",),
    "Marcus": ("Marc",),
    # female
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Rebecca": ("Becky", "Becca", "Bex"),
    "Samantha": ("Sam", "Sammy"),
    "Katherine": ("Kate", "Katie", "Kath", "Kathy"),
    "Catherine": ("Cath", "Cathy", "Kate"),
    "Victoria": ("Vicky", "Tori", "Vic"),
    "Jennifer": ("Jen", "Jenny"),
    "Alexandra": ("Alex", "Sasha", "Lexi"),
    "Deborah": ("Debbie", "Deb"),
    "Susan": ("Sue", "Susie"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Christine": ("Chris", "Chrissie"),
    "Patricia": ("Pat", "Tricia", "Trish"),
    "Amanda": ("Mandy",),
    "Stephanie": ("Steph",),
    "Natasha": ("Tash", "Tasha"),
    "Nicola": ("Nicky", "Nic"),
    "Danielle": ("Dani",),
    "Abigail": ("Abby", "Abi"),
    "Charlotte": ("Charlie", "Lottie"),
    "Jessica": ("Jess", "Jessie"),
    "Kimberley": ("Kim",),
    "Bethany": ("Beth",),
    "Eleanor": ("Ellie", "Nell"),
    "Olivia": ("Liv", "Livvy"),
    "Isabella": ("Bella", "Izzy"),
    "Isabelle": ("Izzy", "Belle"),
    "Amelia": ("Millie", "Mia"),
    "Florence": ("Flo", "Florrie"),
    "Matilda": ("Tilly", "Tilda"),
    "Sophia": ("Sophie",),
    "Gemma": ("Gem",),
    "Joanne": ("Jo", "Jojo"),
    "Louise": ("Lou",),
    "Natalie": ("Nat",),
    "Michelle": ("Shell", "Shelley"),
    "Rachel": ("Rach",),
    "Jasmine": ("Jas", "Jazz"),
    "Yasmin": ("Yas",),
    "Agnieszka": ("Aga", "Agnes"),
    "Megan": ("Meg",),
    "Kayleigh": ("Kay",),
    "Caroline": ("Caz", "Carrie"),
    "Siobhan": ("Shiv",),
    "Angela": ("Angie",),
    "Tracey": ("Trace",),
    "Emily": ("Em", "Emmy"),
    "Emma": ("Em",),
    "Imogen": ("Immy",),
    "Eliza": ("Liza",),
    "Alice": ("Allie", "Ally"),
    "Madeleine": ("Maddie",),
    "Georgia": ("Gee",),
    "Hollie": ("Holly",),
    "Phoebe": ("Phoebs",),
    "Chantelle": ("Shan",),
    "Courtney": ("Court",),
}

SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
    "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
    "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
    "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews",
    "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day",
    "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson",
    "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells",
    "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster",
    "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons",
    "Berry", "Stone", "Reid", "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton",
    "Oliver", "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane",
    "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson",
    "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls", "Hamilton", "Byrne",
    "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor",
    "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill", "Griffin",
    "Sharp", "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace",
    "Jordan", "Hutchinson", "Reeves", "Mensah", "Okafor", "Nowak", "Kowalski", "Adeyemi",
    "Mahmood", "Akhtar", "Mistry", "Rahman", "Chowdhury", "Osei", "Boateng", "Da Silva",
    "Costa", "Fitzgerald", "MacLeod", "St John", "Van Dijk", "Okonkwo", "Wiśniewski", "Novak",
    "Ferreira", "Lindqvist",
)

# Ofcom reserves 01632 960000-960999 for drama: these can never ring a real person.
DRAMA_PHONE_PREFIX = "01632 960"

SCHOOL_CHURCHES: tuple[str, ...] = (
    "St Mary's", "St Joseph's", "Holy Trinity", "Christ Church", "St Anne's", "St Peter's",
    "Our Lady of Hope", "St Aldwyn's", "St Brigid's", "All Saints",
)
SCHOOL_PRIMARY_KINDS: tuple[str, ...] = (
    "Primary School", "Primary Academy", "Community Primary School", "Infant and Junior School",
    "CofE Primary School", "Catholic Primary School",
)
SCHOOL_SECONDARY_KINDS: tuple[str, ...] = (
    "High School", "Academy", "Community College", "School", "Catholic High School",
)

GP_NAME_PATTERNS: tuple[str, ...] = (
    "{place} Medical Centre", "{place} Surgery", "{place} Health Centre",
    "The {place} Practice", "{place} Family Practice",
)

PRISON_NAMES: tuple[str, ...] = ("Marlmoor", "Ashgrove", "Fenhurst")

STAFF_ROLES: dict[str, tuple[str, ...]] = {
    "police": ("Police Constable", "Detective Constable", "Sergeant", "Public Protection Officer"),
    "csc": ("Social Worker", "Senior Social Worker", "Team Manager"),
    "early_help": ("Early Help Practitioner", "Family Support Worker"),
    "gp": ("GP", "Practice Safeguarding Lead", "Practice Nurse"),
    "midwifery": ("Community Midwife", "Safeguarding Midwife"),
    "health_visiting": ("Health Visitor", "Community Nursery Nurse"),
    "emergency_department": ("ED Nurse", "ED Consultant", "Paediatric Liaison Nurse"),
    "adult_mental_health": ("Care Coordinator", "Community Psychiatric Nurse"),
    "substance_misuse": ("Recovery Worker", "Recovery Coordinator"),
    "school": ("Designated Safeguarding Lead", "Deputy Safeguarding Lead", "Headteacher"),
    "probation": ("Probation Officer", "Probation Services Officer"),
    "youth_offending": ("Youth Justice Worker",),
    "cafcass": ("Family Court Adviser",),
    "housing": ("Housing Options Officer", "Tenancy Sustainment Officer"),
    "idva": ("IDVA", "Senior IDVA"),
    "prison": ("Offender Management Officer",),
}

# Words of children, as a practitioner might write them down. Invented.
VOICE_INCIDENT: tuple[str, ...] = (
    "I was scared when they were shouting.",
    "I hid under my bed.",
    "Mummy was crying.",
    "I put my headphones on so I couldn't hear.",
    "I looked after my little sister.",
    "He broke the door.",
    "I rang the police because I was frightened.",
    "I don't like it when he's angry.",
    "I'm fine. It was nothing.",
    "I just want it to stop.",
    "I heard a bang and then it went quiet.",
    "I don't want to talk about it.",
)
VOICE_CONTACT: tuple[str, ...] = (
    "Home is OK at the moment.",
    "I worry about Mum when I'm at school.",
    "I don't want to go to his house at the weekend.",
    "I miss my dad.",
    "I like it better now it's just us.",
    "Sometimes I can't sleep.",
    "I like my teacher, she listens.",
    "He still comes round sometimes.",
    "I get a tummy ache before contact.",
    "Nothing's changed really.",
    "I want to stay with Mum.",
    "I don't know.",
)

ED_COMPLAINTS: tuple[str, ...] = (
    "Facial bruising after reported assault at home",
    "Laceration to forearm",
    "Head injury, reported fall",
    "Wrist pain after being pushed",
    "Bruising to arms, explanation inconsistent",
    "Chest pain, anxiety",
    "Overdose of prescribed medication",
    "Alcohol intoxication",
)
ED_STRANGULATION = "Neck pain and hoarse voice after reported strangulation"
GP_COMPLAINTS: tuple[str, ...] = (
    "Low mood and anxiety",
    "Poor sleep, tearful",
    "Bruising to upper arms, vague explanation",
    "Request for contraception review",
    "Headaches",
    "Stress at home disclosed",
)
MATERNITY_COMPLAINTS: tuple[str, ...] = (
    "Booking appointment",
    "Anomaly scan",
    "Reduced fetal movements",
    "Antenatal check",
    "Abdominal pain in pregnancy",
)

# A contact's notes, by what the visit recorded of the children, so notes and flags agree.
CONTACT_NOTES_SEEN_ALONE: tuple[str, ...] = (
    "Visit at school. Child seen alone.",
    "Home visit. Child seen alone in their bedroom, then with mother.",
)
CONTACT_NOTES_SEEN: tuple[str, ...] = (
    "Home visit. Children seen with mother.",
    "Unannounced visit. Children seen in their bedrooms.",
    "Announced home visit. Home conditions adequate; children seen.",
)
CONTACT_NOTES_NOT_SEEN: tuple[str, ...] = (
    "Telephone contact with mother.",
    "Visit with mother to review safety plan; children at school.",
    "Visit; mother reports no further incidents. Children not seen.",
    "Visit; mother presented as anxious and guarded. Children not seen.",
)
CONTACT_NO_ACCESS = "Unannounced visit. No answer at the door."

ASSESSMENT_OUTCOMES: tuple[str, ...] = (
    "No further action",
    "Step down to early help",
    "Child in need plan",
    "Strategy discussion; section 47 enquiries",
    "Initial child protection conference",
)

REFERRAL_REASONS: dict[str, tuple[str, ...]] = {
    "police": (
        "Domestic abuse incident at the home address with children in the household.",
        "Repeat domestic abuse incident; children present.",
        "Victim disclosed ongoing controlling behaviour.",
    ),
    "school": (
        "Child disclosed arguments and violence at home.",
        "Child arrived at school upset and withdrawn after an incident at home.",
        "Parent disclosed domestic abuse to the school office.",
    ),
    "health_visiting": (
        "Mother disclosed domestic abuse at routine enquiry.",
        "Concerns about home conditions and parental conflict.",
    ),
    "midwifery": (
        "Pregnant woman disclosed domestic abuse at booking.",
        "Partner controlling at antenatal appointments.",
    ),
    "gp": (
        "Patient disclosed domestic abuse during consultation.",
        "Repeated attendances with unexplained injuries.",
    ),
    "emergency_department": (
        "Attendance with injuries consistent with assault; children at home.",
        "Adult attended after assault by partner; children in household.",
    ),
    "probation": (
        "Person on probation living with children; domestic abuse history.",
        "Licence condition not to contact victim may have been breached.",
    ),
    "adult_mental_health": ("Service user disclosed domestic abuse; has care of children.",),
    "substance_misuse": ("Service user with children disclosed violence from partner.",),
    "housing": ("Homeless application due to domestic abuse; children in household.",),
    "youth_offending": ("Young person disclosed domestic abuse at home.",),
    "idva": ("Victim disclosed that children witness the abuse.",),
}

LICENCE_CONDITIONS: tuple[str, ...] = (
    "Not to contact the victim directly or indirectly.",
    "Not to enter the exclusion zone around the victim's home.",
    "To reside at approved premises.",
    "To attend a domestic abuse programme.",
    "To disclose developing relationships to the probation officer.",
)

NARRATIVE_OPENINGS: tuple[str, ...] = (
    "Call from victim reporting",
    "Neighbour called police reporting",
    "Third-party call reporting",
    "Child called 999 reporting",
    "Victim attended the station reporting",
)
NARRATIVE_CORE: dict[str, str] = {
    "verbal": "a verbal argument with raised voices and items thrown",
    "injury": "an assault causing visible injury",
    "weapon": "threats made with a kitchen knife",
    "strangulation": "being held by the throat",
    "threats_to_kill": "threats to kill made during the argument",
    "stalking": "repeated unwanted contact and following",
    "coercive_control": "controlling behaviour including checking the phone and money",
    "sexual_violence": "a sexual assault",
    "breach": "the suspect attending the address in breach of an order",
}
# fmt: on

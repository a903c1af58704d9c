//! Deterministic names for simulated teams, work types, lists and agents. Some are
//! non-ASCII on purpose, so every view is exercised with real-world names.

const FIRST: &[&str] = &[
    "Keran",
    "Mahesh",
    "Aisha",
    "Björn",
    "Chloé",
    "Dmitri",
    "Eilidh",
    "Farah",
    "Gareth",
    "Hana",
    "Ibrahim",
    "José",
    "Kwame",
    "Laila",
    "Mateus",
    "Niamh",
    "Oluwaseun",
    "Priya",
    "Quentin",
    "Rosa",
    "Siobhán",
    "Tomasz",
    "Uma",
    "Valentina",
    "Wen",
    "Xavier",
    "Yusuf",
    "Zoë",
    "Łukasz",
    "Søren",
    "Ana",
    "Ben",
    "Carmen",
    "Dev",
    "Elena",
    "Finn",
];

const LAST: &[&str] = &[
    "Bloggs",
    "Kumar",
    "Okafor",
    "Lindqvist",
    "Dubois",
    "Ivanov",
    "MacLeod",
    "Haddad",
    "Evans",
    "Sato",
    "Rahman",
    "García",
    "Mensah",
    "Nasser",
    "Costa",
    "O'Brien",
    "Adeyemi",
    "Sharma",
    "Lefèvre",
    "Moreno",
    "Ní Bhriain",
    "Kowalski",
    "Patel",
    "Rossi",
    "Zhang",
    "Fernández",
    "Yilmaz",
    "Müller",
    "Nowak",
    "Jørgensen",
    "Silva",
    "Cohen",
    "Ruiz",
    "Nair",
    "Popescu",
];

const TEAMS: &[&str] = &[
    "Sales",
    "Support",
    "Billing",
    "Retention",
    "Claims",
    "Collections",
    "Onboarding",
    "Tech Desk",
    "Renewals",
    "Priority",
];

const WORK_TYPES: &[&str] = &[
    "Sales", "Support", "Billing", "Renewals", "Service", "Claims", "Tech", "Loyalty",
];

const LISTS: &[&str] = &[
    "Spring Renewals",
    "Win-back",
    "Survey Follow-up",
    "Upgrade Offer",
    "Payment Reminder",
];

/// `(first, last)` of agent number `n` (globally numbered), stable across runs.
pub fn agent(n: usize) -> (&'static str, &'static str) {
    // Stride through the lists with co-prime steps so neighbours differ.
    (
        FIRST[(n * 7) % FIRST.len()],
        LAST[(n * 11 + n / FIRST.len()) % LAST.len()],
    )
}

/// A user id in the style of the spec's example (`Keran123`).
pub fn user_id(n: usize) -> String {
    let (first, _) = agent(n);
    let ascii: String = first.chars().filter(char::is_ascii_alphabetic).collect();
    format!("{ascii}{}", 100 + n)
}

/// `(id, name)` of team number `n`.
pub fn team(n: usize) -> (String, String) {
    numbered(TEAMS, n, " Team")
}

/// `(id, base name)` of work type number `n`; the channel is added by the caller.
pub fn work_type(n: usize) -> (String, String) {
    numbered(WORK_TYPES, n, "")
}

/// Name of contact list number `n`.
pub fn contact_list(n: usize) -> String {
    numbered(LISTS, n, "").1
}

fn numbered(names: &[&str], n: usize, suffix: &str) -> (String, String) {
    let base = names[n % names.len()];
    let round = n / names.len();
    let name = if round == 0 {
        format!("{base}{suffix}")
    } else {
        format!("{base}{suffix} {}", round + 1)
    };
    (slug(&name), name)
}

/// Lower-case letters and digits joined by `_`.
fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

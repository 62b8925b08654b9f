//! Text as the rules read it: without accents, lower-cased, cut into words that remember
//! where they were written, with the French and English words that carry no meaning set aside.

/// One word of a text: its searchable form and where it stands in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Unaccented, lower-cased.
    pub norm: String,
    /// Byte range in the text it was cut from.
    pub start: usize,
    pub end: usize,
}

/// Strips the accents a French, English or West African text may carry, letter by letter.
pub fn unaccent_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => "A",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ẹ' | 'ɛ' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ẹ' | 'Ɛ' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "I",
        'ñ' | 'ń' => "n",
        'Ñ' | 'Ń' => "N",
        'ŋ' => "ng",
        'Ŋ' => "NG",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ọ' | 'ɔ' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ọ' | 'Ɔ' => "O",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ṣ' | 'š' => "s",
        'Ṣ' | 'Š' => "S",
        'ž' => "z",
        'Ž' => "Z",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        // Typographic apostrophes and dashes read as their plain forms.
        '\u{2019}' | '\u{2018}' | '`' | '´' => "'",
        '\u{2013}' | '\u{2014}' | '\u{2212}' => "-",
        _ => return None,
    })
}

/// Lower-cased, without accents, typographic apostrophes and dashes made plain.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match unaccent_char(c) {
            Some(plain) => out.push_str(&plain.to_lowercase()),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The words of a text (letters and digits; apostrophes, hyphens and the inclusive `·`
/// separate them), each with its place in the original.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let plain = match unaccent_char(c) {
                Some(plain) => plain.to_lowercase(),
                None => c.to_lowercase().collect(),
            };
            match &mut current {
                Some((_, norm)) => norm.push_str(&plain),
                None => current = Some((at, plain)),
            }
        } else if let Some((start, norm)) = current.take() {
            out.push(Token {
                norm,
                start,
                end: at,
            });
        }
    }
    if let Some((start, norm)) = current {
        out.push(Token {
            norm,
            start,
            end: text.len(),
        });
    }
    out
}

/// A word's form for comparing: the plural `s`/`x` taken off long enough words, so that
/// `singers`, `danseurs` and `chanteuses` meet `singer`, `danseur` and `chanteuse`.
pub fn stem(word: &str) -> &str {
    if word.len() > 3 && (word.ends_with('s') || word.ends_with('x')) && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

const STOPWORDS_FR: &[&str] = &[
    "a",
    "au",
    "aux",
    "avec",
    "ce",
    "ces",
    "cet",
    "cette",
    "chez",
    "comme",
    "d",
    "dans",
    "de",
    "des",
    "du",
    "elle",
    "elles",
    "en",
    "est",
    "et",
    "etre",
    "eu",
    "il",
    "ils",
    "j",
    "je",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lui",
    "m",
    "ma",
    "mais",
    "me",
    "mes",
    "moi",
    "mon",
    "n",
    "ne",
    "nos",
    "notre",
    "nous",
    "on",
    "ou",
    "par",
    "pas",
    "pour",
    "qu",
    "que",
    "qui",
    "s",
    "sa",
    "sans",
    "se",
    "ses",
    "son",
    "sont",
    "sur",
    "t",
    "ta",
    "te",
    "tes",
    "toi",
    "ton",
    "tu",
    "un",
    "une",
    "vos",
    "votre",
    "vous",
    "y",
    "ayant",
    "avoir",
    "doit",
    "doivent",
    "etc",
    "tres",
    "plus",
    "moins",
    "peut",
    "ans",
    "an",
    "annee",
    "annees",
    "cherche",
    "cherchons",
    "recherche",
    "recherchons",
    "recrute",
    "recrutons",
    "besoin",
    "profil",
    "profils",
    "pouvant",
    "sachant",
    "idealement",
    "minimum",
    "maximum",
    "environ",
    "bon",
    "bonne",
    "bien",
    "tout",
    "toute",
    "tous",
    "toutes",
    "entre",
    "depuis",
    "lors",
    "ainsi",
    "aussi",
    "deja",
    "selon",
    "vers",
];

const STOPWORDS_EN: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has",
    "have", "he", "her", "hers", "him", "his", "i", "in", "into", "is", "it", "its", "me", "my",
    "of", "on", "or", "our", "she", "should", "so", "that", "the", "their", "them", "they", "this",
    "to", "us", "was", "we", "were", "who", "will", "with", "you", "your", "years", "year", "old",
    "aged", "age", "looking", "seeking", "need", "needed", "needs", "wanted", "must", "can",
    "able", "ideally", "least", "most", "some", "any", "very", "also", "plus", "etc", "between",
    "over", "under", "than", "since", "good", "well", "all", "per", "one", "who", "someone",
    "person", "people", "profile",
];

/// Whether a (normalised) word carries no meaning of its own, in French or English.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS_FR.contains(&word) || STOPWORDS_EN.contains(&word)
}

/// Words that tell a French text from an English one.
const FRENCH_MARKERS: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "et",
    "en",
    "une",
    "pour",
    "avec",
    "dans",
    "je",
    "suis",
    "ans",
    "experience",
    "langues",
    "formation",
    "depuis",
    "aujourd",
    "competences",
    "un",
    "qui",
    "de",
    "parlant",
    "cherche",
    "nous",
    "est",
    "au",
    "aux",
    "ou",
    "basee",
    "base",
];
const ENGLISH_MARKERS: &[&str] = &[
    "the",
    "and",
    "of",
    "with",
    "for",
    "in",
    "i",
    "am",
    "years",
    "experience",
    "languages",
    "education",
    "skills",
    "since",
    "present",
    "to",
    "from",
    "who",
    "an",
    "is",
    "are",
    "speaks",
    "speaking",
    "based",
    "looking",
    "aged",
    "or",
];

/// The language a text is written in, `fr` or `en` (French when it cannot tell: most of the
/// platform's people write in French).
pub fn detect_language(tokens: &[Token]) -> &'static str {
    let mut french = 0;
    let mut english = 0;
    for token in tokens {
        let word = token.norm.as_str();
        if FRENCH_MARKERS.contains(&word) {
            french += 1;
        }
        if ENGLISH_MARKERS.contains(&word) {
            english += 1;
        }
    }
    if english > french { "en" } else { "fr" }
}

/// The content words of a text: normalised, no stopwords, no bare numbers, no one-letter words.
pub fn content_words(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .map(|t| t.norm)
        .filter(|w| {
            w.chars().count() > 1 && !is_stopword(w) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_accents_case_and_typography() {
        assert_eq!(
            normalize("Comédienne À Saint-Louis"),
            "comedienne a saint-louis"
        );
        assert_eq!(normalize("Aujourd’hui – Œuvre"), "aujourd'hui - oeuvre");
        assert_eq!(normalize("Yorùbá, Ɛwe, Ŋoma"), "yoruba, ewe, ngoma");
    }

    #[test]
    fn cuts_words_and_keeps_their_place() {
        let text = "Danseur·euse d’amapiano, Lagos";
        let words = tokens(text);
        let norms: Vec<&str> = words.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["danseur", "euse", "d", "amapiano", "lagos"]);
        assert_eq!(&text[words[3].start..words[3].end], "amapiano");
        assert_eq!(&text[words[0].start..words[0].end], "Danseur");
    }

    #[test]
    fn plural_forms_meet_singular_ones() {
        assert_eq!(stem("singers"), "singer");
        assert_eq!(stem("danseuses"), "danseuse");
        assert_eq!(stem("bureaux"), "bureau");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("actress"), "actress");
    }

    #[test]
    fn tells_french_from_english() {
        assert_eq!(
            detect_language(&tokens("Je suis comédienne depuis 2015 et je parle wolof")),
            "fr"
        );
        assert_eq!(
            detect_language(&tokens(
                "I am an actor with ten years of experience in the theatre"
            )),
            "en"
        );
    }

    #[test]
    fn content_words_drop_stopwords_in_both_languages() {
        assert_eq!(
            content_words("Une danseuse pour le clip de Youssou"),
            ["danseuse", "clip", "youssou"]
        );
        assert_eq!(
            content_words("A singer for the gospel choir in 2026"),
            ["singer", "gospel", "choir"]
        );
    }
}

//! A CV read by rules: its sections by their French or English headings, the languages it
//! says are spoken, the years of experience its date ranges add up to (overlaps counted
//! once), its education lines, its skills mapped onto the talent catalogue, and a summary
//! in its own language.

use std::sync::LazyLock;

use regex::Regex;
use time::Date;

use super::catalogue::{self, Phrases, Target};
use super::lexicon::{self, Section};
use super::text;
use crate::ai::{CvAnalysis, Reference, SuggestedTalent};

const MAX_TALENTS: usize = 8;
const MAX_EDUCATION: usize = 8;
const MAX_SKILLS: usize = 15;
const MAX_LINE: usize = 200;

/// One line of a CV with the section it falls in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub section: Section,
    pub text: &'a str,
}

/// The section a heading line opens, and what follows the heading on the same line
/// (`Langues : français, wolof`).
fn heading(line: &str) -> Option<(Section, &str)> {
    let (head, rest) = match line.find(':') {
        Some(at) => (&line[..at], line[at + 1..].trim()),
        None => (line, ""),
    };
    let words: Vec<String> = text::tokens(head).into_iter().map(|t| t.norm).collect();
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let joined = words.join(" ");
    // "Expérience professionnelle (10 ans)" is a heading too: a heading and a year count.
    let is_count = |w: &String| {
        w.chars().all(|c| c.is_ascii_digit())
            || ["ans", "an", "years", "year", "yrs"].contains(&w.as_str())
    };
    lexicon::HEADINGS
        .iter()
        .filter(|(h, _)| {
            joined == *h
                || (rest.is_empty()
                    && joined.starts_with(&format!("{h} "))
                    && words[h.split(' ').count()..].iter().all(is_count))
        })
        .max_by_key(|(h, _)| h.len())
        .map(|(_, section)| (*section, rest))
}

/// The CV's lines, each in its section; lines before any heading are the header.
pub fn sections(cv: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut section = Section::Header;
    for raw in cv.lines() {
        let line = raw
            .trim()
            .trim_start_matches(['-', '*', '•', '·', '–', '▪', '>', '|'])
            .trim();
        if line.is_empty() {
            continue;
        }
        match heading(line) {
            // "Contact : +221..." on one line says nothing of the lines after it.
            Some((Section::Contact, rest)) if !rest.is_empty() => out.push(Line {
                section: Section::Contact,
                text: rest,
            }),
            Some((opened, rest)) => {
                section = opened;
                if !rest.is_empty() {
                    out.push(Line {
                        section,
                        text: rest,
                    });
                }
            }
            None => out.push(Line {
                section,
                text: line,
            }),
        }
    }
    out
}

/// The languages the CV says are spoken: every language named in its languages section, or
/// on a line that speaks of languages; the CV's own language when it names none.
pub fn languages(lines: &[Line<'_>], cv_language: &str) -> Vec<String> {
    let phrases = Phrases::languages();
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let tokens = text::tokens(line.text);
        let about_languages = line.section == Section::Languages
            || tokens
                .iter()
                .any(|t| lexicon::LANGUAGE_CUES.contains(&t.norm.as_str()));
        if !about_languages {
            continue;
        }
        let (words, _) = catalogue::comparable(&tokens);
        for found in phrases.find(&words) {
            if let Target::Language(code) = found.target
                && !out.iter().any(|c| c == code)
            {
                out.push(code.to_string());
            }
        }
    }
    if out.is_empty() {
        out.push(cv_language.to_string());
    }
    out
}

/// A month as a count of months since year 0.
type Month = i32;

static DATE: LazyLock<String> = LazyLock::new(|| {
    let mut months: Vec<&str> = lexicon::MONTHS.iter().map(|(m, _)| *m).collect();
    months.sort_by_key(|m| std::cmp::Reverse(m.len()));
    format!(
        r"(?:(?:{})\.?\s*|\d{{1,2}}\s*[/.]\s*)?(?:19|20)\d{{2}}",
        months.join("|")
    )
});

static PRESENT: LazyLock<String> = LazyLock::new(|| {
    let mut words: Vec<String> = lexicon::PRESENT_WORDS
        .iter()
        .map(|w| regex::escape(w))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    format!("(?:{})", words.join("|"))
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({date})\s*(?:-+>?|>|/|\ba\b|\bau\b|\bto\b|\buntil\b|\btill\b|\bjusqu'?\s*(?:a|au|en)\b)\s*(?:(?:le|la|l')\s*)?(\b{date}|{present}\b)",
        date = *DATE,
        present = *PRESENT
    ))
    .expect("the range pattern compiles")
});

static SINCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:depuis|since|des)\s+(?:(?:le|la|l'|mois\s+de)\s*)?({})",
        *DATE
    ))
    .expect("the since pattern compiles")
});

static ATOM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([a-z]+)\.?\s*|(\d{1,2})\s*[/.]\s*)?((?:19|20)\d{2})$")
        .expect("the date pattern compiles")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b").expect("the year pattern compiles"));

/// "10 ans d'expérience", "3+ years of experience", "plus de 5 ans dans le métier".
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s*\+?\s*(?:ans|annees|years?|yrs)\s+(?:d'|de\s+|of\s+)?(?:experience|metier|carriere|pratique|scene|professional|career)")
        .expect("the stated-experience pattern compiles")
});

/// A date as written (normalised) → (first month, whether the month was given).
fn parse_date(date: &str) -> Option<(Month, bool)> {
    let caps = ATOM.captures(date.trim())?;
    let year: i32 = caps[3].parse().ok()?;
    let month = match (caps.get(1), caps.get(2)) {
        (Some(name), _) => lexicon::MONTHS
            .iter()
            .find(|(m, _)| *m == name.as_str())
            .map(|(_, n)| i32::from(*n)),
        (_, Some(number)) => number
            .as_str()
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m)),
        _ => None,
    };
    Some((year * 12 + month.map_or(0, |m| m - 1), month.is_some()))
}

fn month_of(date: Date) -> Month {
    date.year() * 12 + i32::from(u8::from(date.month())) - 1
}

/// The periods (first month, month after the last) one line's date ranges cover, and the
/// lone years it names outside them.
fn periods(line: &str, today: Date) -> (Vec<(Month, Month)>, Vec<i32>) {
    let norm = text::normalize(line);
    let now = month_of(today);
    let mut out = Vec::new();
    let mut covered = Vec::new();
    for caps in RANGE.captures_iter(&norm) {
        let whole = caps.get(0).expect("a match has a whole");
        covered.push(whole.range());
        let Some((start, _)) = parse_date(&caps[1]) else {
            continue;
        };
        let end = match parse_date(&caps[2]) {
            // A month given is counted whole; a bare year ends where it starts.
            Some((end, true)) => end + 1,
            Some((end, false)) => end.max(start + 12).min(end + 12),
            None => now,
        };
        if start < end && start <= now {
            out.push((start, end.min(now)));
        }
    }
    for caps in SINCE.captures_iter(&norm) {
        let whole = caps.get(0).expect("a match has a whole");
        if covered.iter().any(|r| r.contains(&whole.start())) {
            continue;
        }
        covered.push(whole.range());
        if let Some((start, _)) = parse_date(&caps[1])
            && start < now
        {
            out.push((start, now));
        }
    }
    let lone = YEAR
        .find_iter(&norm)
        .filter(|m| !covered.iter().any(|r| r.contains(&m.start())))
        .filter_map(|m| m.as_str().parse().ok())
        .filter(|y| *y <= today.year())
        .collect();
    (out, lone)
}

/// Whole years of experience: the experience lines' date ranges merged (overlaps count once);
/// a CV that only lists years (a filmography) counts from its first; a number of years the
/// CV states outright wins.
pub fn years_experience(lines: &[Line<'_>], today: Date) -> Option<u16> {
    let mut stated: Option<u16> = None;
    let mut spans = Vec::new();
    let mut lone_years = Vec::new();
    for line in lines {
        let norm = text::normalize(line.text);
        for caps in STATED.captures_iter(&norm) {
            if let Ok(years) = caps[1].parse::<u16>() {
                stated = Some(stated.map_or(years, |s| s.max(years)));
            }
        }
        let counts = matches!(
            line.section,
            Section::Header | Section::Profile | Section::Experience | Section::Skills
        );
        if !counts || (line.section != Section::Experience && is_education_line(line.text)) {
            continue;
        }
        let (found, lone) = periods(line.text, today);
        spans.extend(found);
        if line.section == Section::Experience {
            lone_years.extend(lone);
        }
    }
    if stated.is_some() {
        return stated;
    }
    if spans.is_empty() {
        let first = lone_years.iter().min()?;
        return u16::try_from(today.year() - first).ok().filter(|y| *y > 0);
    }
    for year in lone_years {
        spans.push((year * 12, year * 12 + 12));
    }
    spans.sort_unstable();
    let mut months = 0;
    let mut current: Option<(Month, Month)> = None;
    for (start, end) in spans {
        current = match current {
            Some((s, e)) if start <= e => Some((s, e.max(end))),
            Some((s, e)) => {
                months += e - s;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((s, e)) = current {
        months += e - s;
    }
    u16::try_from(months / 12).ok()
}

fn is_education_line(line: &str) -> bool {
    text::tokens(line)
        .iter()
        .any(|t| lexicon::EDUCATION_WORDS.contains(&t.norm.as_str()))
}

fn clip(line: &str) -> String {
    let line = line.trim().trim_end_matches([',', ';', '.']);
    match line.char_indices().nth(MAX_LINE) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// The education lines: the education section's, or lines naming a degree or a school.
pub fn education(lines: &[Line<'_>]) -> Vec<String> {
    let section: Vec<String> = lines
        .iter()
        .filter(|l| l.section == Section::Education)
        .map(|l| clip(l.text))
        .collect();
    let chosen = if section.is_empty() {
        lines
            .iter()
            .filter(|l| !matches!(l.section, Section::Contact | Section::Languages))
            .filter(|l| is_education_line(l.text))
            .map(|l| clip(l.text))
            .collect()
    } else {
        section
    };
    chosen.into_iter().take(MAX_EDUCATION).collect()
}

/// Talents the CV names (the catalogue's names, forms and synonyms), first named first, with
/// the words that name them; and the skills section's items that are not in the catalogue.
pub fn talents_and_skills(
    lines: &[Line<'_>],
    reference: &Reference,
) -> (Vec<SuggestedTalent>, Vec<String>) {
    let phrases = Phrases::talents(reference);
    let languages = Phrases::languages();
    let mut talents: Vec<SuggestedTalent> = Vec::new();
    let mut skills: Vec<String> = Vec::new();
    for line in lines {
        if matches!(line.section, Section::Contact | Section::Languages) {
            continue;
        }
        let tokens = text::tokens(line.text);
        let (words, originals) = catalogue::comparable(&tokens);
        for found in phrases.find(&words) {
            let Target::Talent(id) = found.target else {
                continue;
            };
            if talents.iter().any(|t| t.talent_id == id) {
                continue;
            }
            let evidence = &line.text[originals[found.first].start..originals[found.last].end];
            talents.push(SuggestedTalent {
                talent_id: id,
                evidence: evidence.to_string(),
            });
        }
        if line.section == Section::Skills {
            for item in line
                .text
                .split([',', ';', '•', '|', '/'])
                .flat_map(|i| i.split(" - "))
            {
                let item = item.trim().trim_end_matches('.').trim();
                let item_tokens = text::tokens(item);
                let (words, _) = catalogue::comparable(&item_tokens);
                if words.is_empty()
                    || item.chars().count() > 60
                    || !phrases.find(&words).is_empty()
                    || !languages.find(&words).is_empty()
                    || skills
                        .iter()
                        .any(|s| text::normalize(s) == text::normalize(item))
                {
                    continue;
                }
                skills.push(item.to_string());
            }
        }
    }
    talents.truncate(MAX_TALENTS);
    skills.truncate(MAX_SKILLS);
    (talents, skills)
}

/// Two or three sentences in the CV's language from what was found.
pub fn summary(analysis: &CvAnalysis, reference: &Reference, lang: &str) -> String {
    let talent_names: Vec<String> = analysis
        .talents
        .iter()
        .filter_map(|s| reference.talents.iter().find(|t| t.id == s.talent_id))
        .take(4)
        .map(|t| {
            if lang == "en" {
                t.name_en.clone()
            } else {
                t.name_fr.clone()
            }
        })
        .collect();
    let languages: Vec<String> = analysis
        .languages
        .iter()
        .map(|c| lexicon::language_name(c, lang))
        .collect();
    let mut sentences = Vec::new();
    let trade = if talent_names.is_empty() {
        None
    } else {
        Some(talent_names.join(", "))
    };
    match (lang, trade, analysis.years_experience) {
        ("en", Some(trade), Some(y)) => {
            sentences.push(format!("{trade} with {y} year{} of experience.", plural(y)))
        }
        ("en", Some(trade), None) => sentences.push(format!("{trade}.")),
        ("en", None, Some(y)) => sentences.push(format!("{y} year{} of experience.", plural(y))),
        (_, Some(trade), Some(y)) => {
            sentences.push(format!("{trade}, {y} an{} d'expérience.", plural(y)))
        }
        (_, Some(trade), None) => sentences.push(format!("{trade}.")),
        (_, None, Some(y)) => sentences.push(format!("{y} an{} d'expérience.", plural(y))),
        _ => {}
    }
    if !languages.is_empty() {
        sentences.push(if lang == "en" {
            format!("Speaks {}.", languages.join(", "))
        } else {
            format!("Parle {}.", languages.join(", "))
        });
    }
    if let Some(school) = analysis.education.first() {
        let school: String = school.chars().take(120).collect();
        sentences.push(if lang == "en" {
            format!("Education: {school}.")
        } else {
            format!("Formation : {school}.")
        });
    }
    sentences.join(" ")
}

fn plural(n: u16) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The whole analysis of one CV's text.
pub fn analyse(cv: &str, reference: &Reference, today: Date) -> CvAnalysis {
    let lines = sections(cv);
    let lang = text::detect_language(&text::tokens(cv));
    let (talents, skills) = talents_and_skills(&lines, reference);
    let mut analysis = CvAnalysis {
        summary: String::new(),
        talents,
        languages: languages(&lines, lang),
        years_experience: years_experience(&lines, today),
        education: education(&lines),
        skills,
    };
    analysis.summary = summary(&analysis, reference, lang);
    analysis
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::ai::local::tests::reference;

    const TODAY: Date = date!(2026 - 12 - 03);

    fn years(cv: &str) -> Option<u16> {
        years_experience(&sections(cv), TODAY)
    }

    #[test]
    fn headings_open_sections_in_both_languages() {
        let cv = "Awa Ndiaye\nDakar\nEXPÉRIENCE PROFESSIONNELLE\n2015 - 2019 : Compagnie X\nFormation :\nConservatoire de Dakar\nLangues : français, wolof\nSkills\nSinging";
        let lines = sections(cv);
        let got: Vec<(Section, &str)> = lines.iter().map(|l| (l.section, l.text)).collect();
        assert_eq!(
            got,
            [
                (Section::Header, "Awa Ndiaye"),
                (Section::Header, "Dakar"),
                (Section::Experience, "2015 - 2019 : Compagnie X"),
                (Section::Education, "Conservatoire de Dakar"),
                (Section::Languages, "français, wolof"),
                (Section::Skills, "Singing"),
            ]
        );
    }

    #[test]
    fn years_from_plain_year_ranges() {
        assert_eq!(
            years("Expérience\n2015 - 2019 Théâtre Daniel Sorano"),
            Some(4)
        );
        assert_eq!(
            years("Experience\n2010–2012 Nollywood\n2014 to 2018 Lagos"),
            Some(6)
        );
    }

    #[test]
    fn years_from_month_ranges_up_to_today() {
        // January 2018 to December 2026: 8 years and 11 months, whole years counted.
        assert_eq!(
            years("Parcours\njanv. 2018 – aujourd’hui : danseuse, Ballet national"),
            Some(8)
        );
        // March 2016 to December 2026: 10 years and 10 months.
        assert_eq!(
            years("Work experience\nMar 2016 to present — camera operator"),
            Some(10)
        );
        assert_eq!(
            years("Experience\n03/2020 - 06/2022 assistante de production"),
            Some(2)
        );
    }

    #[test]
    fn years_since_a_date() {
        assert_eq!(years("Comédien depuis 2012, Abidjan"), Some(14));
        assert_eq!(years("Dancer since 2019"), Some(7));
    }

    #[test]
    fn overlapping_ranges_count_once() {
        let cv =
            "Expérience\n2012 - 2018 Compagnie A\n2016 - 2020 Compagnie B\n2023 - 2025 Série C";
        assert_eq!(years(cv), Some(10));
    }

    #[test]
    fn a_filmography_of_years_counts_from_the_first() {
        assert_eq!(
            years("Filmographie\n2014 Court métrage « Yaay »\n2019 Série « Maîtresse »"),
            Some(12)
        );
    }

    #[test]
    fn stated_years_win_and_education_does_not_count() {
        assert_eq!(
            years("Profil\nActrice, 8 ans d'expérience\nExpérience\n2020 - 2022 X"),
            Some(8)
        );
        assert_eq!(
            years("Summary\nSinger with 3+ years of experience"),
            Some(3)
        );
        assert_eq!(
            years("Formation\n2008 - 2012 Université Cheikh Anta Diop"),
            None
        );
        assert_eq!(years("Licence, Université de Lomé, 2009 - 2012"), None);
    }

    #[test]
    fn languages_from_their_section_and_cue_lines_only() {
        let cv = "Profil\nJe joue dans des films en français\nLangues\nFrançais (courant), Wolof, anglais - notions\nCompétences\nParle couramment le bambara et le peul";
        let lines = sections(cv);
        assert_eq!(languages(&lines, "fr"), ["fr", "wo", "en", "bm", "ff"]);
        let cv = "Languages: English (native), Yorùbá, Igbo, Hausa, pidgin";
        assert_eq!(languages(&sections(cv), "en"), ["en", "yo", "ig", "ha"]);
        let cv = "Experience\nThe Italian Job, remake, 2019";
        assert_eq!(languages(&sections(cv), "en"), ["en"]);
        let cv = "Langues : Amazigh (tamazight), arabe dialectal, kinyarwanda, swahili, malgache, lingala, twi, amharique, zoulou, somali";
        assert_eq!(
            languages(&sections(cv), "fr"),
            ["ber", "ar", "rw", "sw", "mg", "ln", "tw", "am", "zu", "so"]
        );
    }

    #[test]
    fn education_lines_from_their_section_or_by_their_words() {
        let cv = "Formation\nLicence en arts du spectacle, UCAD\nStage de danse, École des Sables\nLangues\nfrançais";
        assert_eq!(
            education(&sections(cv)),
            [
                "Licence en arts du spectacle, UCAD",
                "Stage de danse, École des Sables"
            ]
        );
        let cv = "Kofi Mensah\nBA Theatre Arts, University of Ghana, 2016\nActor";
        assert_eq!(
            education(&sections(cv)),
            ["BA Theatre Arts, University of Ghana, 2016"]
        );
    }

    #[test]
    fn skills_map_to_the_catalogue_whatever_the_form() {
        let reference = reference();
        let cv = "Compétences\nActrice, DANSEUSE contemporaine, chant, permis B, couture\nExperience\nBacking singers for a gospel choir";
        let (talents, skills) = talents_and_skills(&sections(cv), &reference);
        let tags: Vec<(&str, &str)> = talents
            .iter()
            .map(|s| {
                let tag = reference
                    .talents
                    .iter()
                    .find(|t| t.id == s.talent_id)
                    .unwrap()
                    .tag
                    .as_str();
                (tag, s.evidence.as_str())
            })
            .collect();
        assert_eq!(
            tags,
            [
                ("actor", "Actrice"),
                ("contemporary_dancer", "DANSEUSE contemporaine"),
                ("singer", "chant"),
                ("tailor", "couture"),
                ("backing_vocalist", "Backing singers"),
                ("gospel_singer", "gospel"),
            ]
        );
        assert_eq!(skills, ["permis B"]);
    }

    #[test]
    fn summary_in_the_cv_language() {
        let reference = reference();
        let fr = analyse(
            "Aïssatou Diallo\nComédienne et danseuse depuis 2016\nLangues : français, pulaar\nFormation\nConservatoire national de Conakry",
            &reference,
            TODAY,
        );
        assert_eq!(fr.years_experience, Some(10));
        assert_eq!(fr.languages, ["fr", "ff"]);
        assert_eq!(
            fr.summary,
            "Acteur·rice, Danseur·euse, 10 ans d'expérience. Parle français, peul. Formation : Conservatoire national de Conakry."
        );
        let en = analyse(
            "Chinedu Okafor\nI am an actor and a singer with 6 years of experience in the industry.\nLanguages: English, Igbo",
            &reference,
            TODAY,
        );
        assert_eq!(
            en.summary,
            "Actor, Singer with 6 years of experience. Speaks English, Igbo."
        );
    }
}

//! Rule evaluation: which personas each case has, and the evidence — the
//! rule that holds and the codes (with their lines) that made it hold.
//! A code id in a rule applies to a case if that code or any code below it
//! was coded for the case.
//!
//! Inside, codes are numbers ([`CodeIx`]): each rule's code ids and
//! codebook names are resolved once to runs of numbers ([`CodeRange`]), a
//! case's codes are kept by number, and "coded at or below" is a range
//! query, not a comparison of id strings.

use std::collections::{BTreeMap, HashMap};

use super::{PersonaSet, Rule};
use crate::codebook::{CodeId, CodeIx, CodeRange, CodeSet, CodeTable};
use crate::coding::Coding;
use crate::project::{Case, Cases};
use crate::{Error, Location, Result};

/// A coded segment behind a code: document and lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// Document path.
    pub document: String,
    /// First line of the segment.
    pub line_start: usize,
    /// Last line of the segment.
    pub line_end: usize,
}

/// The codes coded for one case, by number, each with the order of its
/// first mention and the segments behind it (in canonical coding order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseCodes {
    codes: BTreeMap<CodeIx, (usize, Vec<Ref>)>,
}

impl CaseCodes {
    /// Group codings (in canonical order) by case, each coding's code
    /// resolved once in `table`. A code not loaded counts under its
    /// nearest loaded ancestor, as the count tables do
    /// ([`CodeTable::nearest`]); one with none above it cannot meet a rule
    /// and is passed over. (Codings read by [`crate::coding::load`] all have
    /// loaded codes.)
    pub fn by_case(codings: &[Coding], table: &CodeTable) -> HashMap<String, CaseCodes> {
        let mut out: HashMap<String, CaseCodes> = HashMap::new();
        for c in codings {
            let Some(ix) = table.nearest(&c.code) else {
                continue;
            };
            out.entry(c.case.clone()).or_default().insert(
                ix,
                Ref {
                    document: c.document.clone(),
                    line_start: c.line_start,
                    line_end: c.line_end,
                },
            );
        }
        out
    }

    /// Record that `code` was coded at `at` (once per segment). Insert in
    /// transcript order: the first insertion is the first mention.
    pub fn insert(&mut self, code: CodeIx, at: Ref) {
        let next = self.codes.len();
        let (_, refs) = self.codes.entry(code).or_insert_with(|| (next, Vec::new()));
        if !refs.contains(&at) {
            refs.push(at);
        }
    }

    /// The codes coded in `range`, in order of first mention.
    fn under(&self, range: CodeRange) -> Vec<CodeIx> {
        let mut found: Vec<(usize, CodeIx)> = self
            .codes
            .range(range.bounds())
            .map(|(&ix, &(first, _))| (first, ix))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, ix)| ix).collect()
    }

    /// Whether any code in `range` was coded.
    fn any_under(&self, range: CodeRange) -> bool {
        self.codes.range(range.bounds()).next().is_some()
    }

    fn refs(&self, code: CodeIx) -> Vec<Ref> {
        self.codes
            .get(&code)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    }
}

/// A rule with its code ids and codebook names resolved to runs of code
/// numbers, once for every case: [`resolve`] makes it.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    rule: &'a Rule,
    table: &'a CodeTable,
    all: Vec<CodeRange>,
    any: Vec<CodeRange>,
    none: Vec<CodeRange>,
    at_least: Option<(CodeRange, usize)>,
}

/// Resolve `rule`'s code ids and codebook names in `codes`. A name not
/// loaded is an error at the place it is written ([`PersonaSet::validate`]
/// says the same first, with the nearest ids).
pub fn resolve<'a>(rule: &'a Rule, codes: &'a CodeSet) -> Result<Resolved<'a>> {
    let range = |r: &super::CodeRef| {
        codes.range(&r.id).ok_or_else(|| {
            Error::invalid(format!("unknown code or codebook '{}' in a rule", r.id))
                .at(r.location.clone())
        })
    };
    let all = |refs: &[super::CodeRef]| refs.iter().map(range).collect::<Result<Vec<_>>>();
    Ok(Resolved {
        rule,
        table: codes.table(),
        all: all(&rule.all)?,
        any: all(&rule.any)?,
        none: all(&rule.none)?,
        at_least: match &rule.at_least {
            Some(a) => Some((range(&a.under)?, a.n)),
            None => None,
        },
    })
}

/// Why a persona applies: the rule that holds and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Index of the persona in the set.
    pub persona: usize,
    /// Index of the rule in the persona's rules (0-based).
    pub rule: usize,
    /// The codes that show the rule holds, with the segments behind each.
    pub codes: Vec<(CodeId, Vec<Ref>)>,
    /// The attribute conditions met: (attribute, the case's value).
    pub attributes: Vec<(String, String)>,
    /// Code ids the rule requires to be absent (`none`).
    pub absent: Vec<String>,
}

/// One case's personas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Case id.
    pub case: String,
    /// Persona indices in file order; empty: unclassified.
    pub personas: Vec<usize>,
    /// Where the personas were set by hand, if they were.
    pub hand: Option<Location>,
    /// What the rules give: one entry per persona whose rules hold, with
    /// the first rule that holds. For a hand-set case, what the rules would
    /// have given.
    pub evidence: Vec<Evidence>,
}

/// Whether `rule` holds for a case with `codes` and attributes of `case`;
/// if so, the evidence (with `persona` and `rule` left at 0): for each id
/// of `all` and `any` that applies, its first-mentioned code; for
/// `at_least`, N codes under its prefix; the attribute values met.
pub fn evaluate(rule: &Resolved<'_>, codes: &CaseCodes, case: &Case) -> Option<Evidence> {
    fn show(codes: &CaseCodes, range: CodeRange, shown: &mut Vec<CodeIx>) {
        if let Some(&first) = codes.under(range).first()
            && !shown.contains(&first)
        {
            shown.push(first);
        }
    }
    let mut shown: Vec<CodeIx> = Vec::new();
    for &r in &rule.all {
        if !codes.any_under(r) {
            return None;
        }
        show(codes, r, &mut shown);
    }
    if !rule.any.is_empty() {
        let hits: Vec<CodeRange> = rule
            .any
            .iter()
            .copied()
            .filter(|&r| codes.any_under(r))
            .collect();
        if hits.is_empty() {
            return None;
        }
        for r in hits {
            show(codes, r, &mut shown);
        }
    }
    if rule.none.iter().any(|&r| codes.any_under(r)) {
        return None;
    }
    if let Some((range, n)) = rule.at_least {
        let under = codes.under(range);
        if under.len() < n {
            return None;
        }
        let mut have = shown.iter().filter(|&&ix| range.contains(ix)).count();
        for ix in under {
            if have >= n {
                break;
            }
            if !shown.contains(&ix) {
                shown.push(ix);
                have += 1;
            }
        }
    }
    let mut attributes = Vec::new();
    for c in &rule.rule.conditions {
        let value = case.get(&c.attribute)?;
        if !c
            .values
            .iter()
            .any(|v| crate::natural::eq_ignore_case(v, value))
        {
            return None;
        }
        attributes.push((c.attribute.clone(), value.to_owned()));
    }
    Some(Evidence {
        persona: 0,
        rule: 0,
        codes: shown
            .into_iter()
            .map(|ix| (rule.table.id(ix).clone(), codes.refs(ix)))
            .collect(),
        attributes,
        absent: rule.rule.none.iter().map(|r| r.id.clone()).collect(),
    })
}

/// The personas of every case, in natural order of case ids: set by hand
/// where the `persona` attribute says so, else by the rules, whose code
/// ids are resolved in `codes` once.
pub fn assign(
    set: &PersonaSet,
    codes: &CodeSet,
    codings: &[Coding],
    cases: &Cases,
) -> Result<Vec<Assignment>> {
    let rules: Vec<Vec<Resolved<'_>>> = set
        .personas
        .iter()
        .map(|p| p.rules.iter().map(|r| resolve(r, codes)).collect())
        .collect::<Result<_>>()?;
    let by_case = CaseCodes::by_case(codings, codes.table());
    let empty = CaseCodes::default();
    let mut out = Vec::with_capacity(cases.len());
    for case in cases.iter() {
        let coded = by_case.get(&case.id).unwrap_or(&empty);
        let mut evidence = Vec::new();
        for (p, persona) in rules.iter().enumerate() {
            let found = persona.iter().enumerate().find_map(|(i, rule)| {
                evaluate(rule, coded, case).map(|mut ev| {
                    ev.persona = p;
                    ev.rule = i;
                    ev
                })
            });
            evidence.extend(found);
        }
        let (personas, hand) = match set.hand_set(case)? {
            Some((personas, at)) => (personas, Some(at)),
            None => (evidence.iter().map(|e| e.persona).collect(), None),
        };
        out.push(Assignment {
            case: case.id.clone(),
            personas,
            hand,
            evidence,
        });
    }
    Ok(out)
}

/// Keep the assignments of participant cases only: personas classify
/// participants, never staff. Returns the note saying who was left out.
pub fn participants_only(
    assignments: &mut Vec<Assignment>,
    cases: &Cases,
    roles: &crate::project::Roles,
) -> Option<String> {
    let left_out = crate::project::select::LeftOut::non_participants(cases, roles);
    assignments.retain(|a| !left_out.contains(&a.case));
    left_out.note("personas apply")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::cases::Attribute;

    fn at(line: usize) -> Ref {
        Ref {
            document: "t/A.txt".into(),
            line_start: line,
            line_end: line,
        }
    }

    /// Codebooks b, o and x. `b.housing` comes before `b.debt` in the
    /// tree, so evidence in order of first mention is not number order.
    fn books() -> CodeSet {
        let mut set = CodeSet::default();
        for yaml in [
            "codebook: b\ncodes:\n  - id: housing\n  - id: health\n    children:\n      \
             - id: mental\n  - id: heal\n  - id: money\n  - id: debt\n  - id: a\n  \
             - id: x\n    children:\n      - id: y\n  - id: drugs\n",
            "codebook: o\ncodes:\n  - id: work\n  - id: z\n",
            "codebook: x\ncodes:\n  - id: one\n  - id: two\n",
        ] {
            set.add(CodeSet::parse(yaml, "b.yaml").unwrap()).unwrap();
        }
        set
    }

    fn codes(list: &[(&str, usize)]) -> CaseCodes {
        let books = books();
        let mut c = CaseCodes::default();
        for (code, line) in list {
            c.insert(books.table().index_of(code).unwrap(), at(*line));
        }
        c
    }

    /// `yaml`'s rule evaluated for a case with `coded` and `attrs`.
    fn evaluated(yaml: &str, coded: &[(&str, usize)], attrs: &[(&str, &str)]) -> Option<Evidence> {
        let books = books();
        let rule = rule(yaml);
        evaluate(
            &resolve(&rule, &books).unwrap(),
            &codes(coded),
            &case(attrs),
        )
    }

    fn case(attrs: &[(&str, &str)]) -> Case {
        Case {
            id: "A".into(),
            attributes: attrs
                .iter()
                .map(|(k, v)| {
                    (
                        (*k).to_owned(),
                        Attribute {
                            value: (*v).to_owned(),
                            source: Location::line("cases.csv", 2),
                        },
                    )
                })
                .collect(),
        }
    }

    fn rule(yaml: &str) -> Rule {
        let text = format!("scheme: s\npersonas:\n  - id: p\n    rules:\n      - {yaml}\n");
        let mut set = PersonaSet::parse(&text, "p.yaml").unwrap();
        set.personas.remove(0).rules.remove(0)
    }

    /// (rule, codes coded, attributes, holds?, codes in the evidence)
    #[track_caller]
    fn check(yaml: &str, coded: &[(&str, usize)], attrs: &[(&str, &str)], want: Option<&[&str]>) {
        let got = evaluated(yaml, coded, attrs);
        let got_codes: Option<Vec<&str>> = got
            .as_ref()
            .map(|e| e.codes.iter().map(|(c, _)| c.as_str()).collect());
        assert_eq!(got_codes.as_deref(), want, "rule {yaml}");
    }

    #[test]
    fn all_needs_every_id_and_rolls_up_children() {
        let coded = [("b.health.mental", 3), ("o.work", 7)];
        check(
            "all: [o.work, b.health]",
            &coded,
            &[],
            Some(&["o.work", "b.health.mental"]),
        );
        check("all: [o.work, b.money]", &coded, &[], None);
        // A codebook name is a prefix too; `b.heal` is not a prefix of `b.health`.
        check("all: [b]", &coded, &[], Some(&["b.health.mental"]));
        check("all: [b.heal]", &coded, &[], None);
    }

    #[test]
    fn any_needs_one_and_reports_only_those_that_fired() {
        let coded = [("b.debt", 2), ("b.housing", 5)];
        check("any: [b.health, b.debt]", &coded, &[], Some(&["b.debt"]));
        check("any: [b.health, o]", &coded, &[], None);
        // One code shows an id applies: its first mention.
        check("any: [b]", &coded, &[], Some(&["b.debt"]));
        check(
            "any: [b.housing, b.debt]",
            &coded,
            &[],
            Some(&["b.housing", "b.debt"]),
        );
    }

    #[test]
    fn none_fails_if_any_id_or_a_child_applies() {
        let coded = [("b.health.mental", 3), ("o.work", 7)];
        check("none: [b.debt]", &coded, &[], Some(&[]));
        check("none: [b.debt, b.health]", &coded, &[], None);
        check("{all: [o], none: [b.debt]}", &coded, &[], Some(&["o.work"]));
        let ev = evaluated("none: [b.debt]", &coded, &[]).unwrap();
        assert_eq!(ev.absent, ["b.debt"]);
    }

    #[test]
    fn at_least_counts_distinct_codes_not_mentions() {
        let coded = [("b.a", 1), ("b.a", 4), ("b.x.y", 2), ("o.z", 3)];
        check(
            "at_least: {under: b, n: 2}",
            &coded,
            &[],
            Some(&["b.a", "b.x.y"]),
        );
        check("at_least: {under: b, n: 3}", &coded, &[], None);
        check("at_least: {under: b, n: 1}", &coded, &[], Some(&["b.a"]));
        // Codes already shown count towards N.
        check(
            "{all: [b.x], at_least: {under: b, n: 2}}",
            &coded,
            &[],
            Some(&["b.x.y", "b.a"]),
        );
        check(
            "at_least: {under: b.x, n: 1}",
            &coded,
            &[],
            Some(&["b.x.y"]),
        );
        // Two segments of one code count once.
        let ev = evaluated("at_least: {under: b.a, n: 1}", &coded, &[]).unwrap();
        assert_eq!(ev.codes[0].1, [at(1), at(4)]);
    }

    #[test]
    fn where_matches_values_ignoring_case_and_needs_the_attribute() {
        let attrs = [("cohort", "Younger EE"), ("site", "Porirua")];
        check("where: {cohort: younger ee}", &[], &attrs, Some(&[]));
        check(
            "where: {cohort: [EB, Younger EE], site: Porirua}",
            &[],
            &attrs,
            Some(&[]),
        );
        check("where: {cohort: EB}", &[], &attrs, None);
        check("where: {gender: Female}", &[], &attrs, None);
        let ev = evaluated("where: {cohort: [EB, younger ee]}", &[], &attrs).unwrap();
        assert_eq!(
            ev.attributes,
            [("cohort".to_owned(), "Younger EE".to_owned())]
        );
    }

    #[test]
    fn every_part_of_a_rule_must_hold() {
        let coded = [("b.debt", 2), ("o.work", 7)];
        let attrs = [("cohort", "EB")];
        let yaml = "{all: [o.work], any: [b.debt, b.x], none: [b.drugs], \
                    at_least: {under: b, n: 1}, where: {cohort: EB}}";
        check(yaml, &coded, &attrs, Some(&["o.work", "b.debt"]));
        check(yaml, &coded, &[("cohort", "EE")], None);
        check(
            yaml,
            &[("b.debt", 2), ("o.work", 7), ("b.drugs", 9)],
            &attrs,
            None,
        );
    }

    #[test]
    fn a_rule_naming_a_code_not_loaded_is_an_error_where_it_is_written() {
        let books = books();
        let rule = rule("{all: [o.work], any: [b.nope]}");
        let err = resolve(&rule, &books).unwrap_err();
        assert!(err.to_string().contains("'b.nope'"), "{err}");
        assert_eq!(err.location().map(|l| l.line), Some(Some(5)), "{err}");
    }

    #[test]
    fn a_persona_applies_if_any_rule_holds_and_hand_set_wins() {
        let set = PersonaSet::parse(
            "scheme: s\npersonas:\n  - id: a\n    rules:\n      - all: [x.one]\n      - all: [x.two]\n  - id: b\n    rules:\n      - none: [x]\n",
            "p.yaml",
        )
        .unwrap();
        let coding = |case: &str, code: &str| Coding {
            document: "t/A.txt".into(),
            case: case.into(),
            segment: 1,
            line_start: 4,
            line_end: 4,
            code: crate::codebook::CodeId::parse(code).unwrap(),
            source: crate::coding::Source::Auto,
            coder: crate::coding::Coder::Auto,
            pattern: String::new(),
            matched: String::new(),
            memo: String::new(),
        };
        let mut b = crate::project::cases::CasesBuilder::default();
        for id in ["A", "B", "C"] {
            b.declare(id);
        }
        b.set("C", "persona", "b; A", Location::line("cases.csv", 4))
            .unwrap();
        let cases = b.build(Vec::new());
        let got = assign(
            &set,
            &books(),
            &[coding("A", "x.two"), coding("C", "x.one")],
            &cases,
        )
        .unwrap();
        // A: the second rule of a; B: nothing coded, so b; C: by hand.
        assert_eq!(got[0].personas, [0]);
        assert_eq!(got[0].evidence[0].rule, 1);
        assert_eq!(got[1].personas, [1]);
        assert_eq!(got[2].personas, [0, 1]);
        assert_eq!(got[2].hand, Some(Location::line("cases.csv", 4)));
        assert_eq!(got[2].evidence.len(), 1);
    }
}

//! Natural ordering of case ids and attribute values: `F2` before `F10`,
//! so tables list cases as a person would (F1, F2, F10, M1, NK1); and counts
//! with their noun in the right number (`1 turn`, `2 turns`); labels
//! compared ignoring case.

use std::cmp::Ordering;

/// Whether `a` and `b` are equal ignoring case (`MEL` and `Mel`), without
/// allocating.
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Compare two strings, treating runs of ASCII digits as numbers.
pub fn cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Equal bytes compare equal either way, so the common prefix is
    // skipped at once (ids and paths often share a long one), backing up
    // to the start of a run of digits it ends in, which counts as a whole.
    let mut same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while same > 0 && a[same - 1].is_ascii_digit() {
        same -= 1;
    }
    cmp_from(&a[same..], &b[same..])
}

/// [`cmp`] from the first place `a` and `b` may differ.
fn cmp_from(mut a: &[u8], mut b: &[u8]) -> Ordering {
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let ord = na
                    .len()
                    .cmp(&nb.len())
                    .then_with(|| na.cmp(nb))
                    .then(da.cmp(&db));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                let ord = x
                    .to_ascii_lowercase()
                    .cmp(&y.to_ascii_lowercase())
                    .then(x.cmp(y));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let n = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[n.min(digits.len().saturating_sub(1))..]
}

/// Sort strings naturally, in place.
pub fn sort<S: AsRef<str>>(items: &mut [S]) {
    items.sort_by(|a, b| cmp(a.as_ref(), b.as_ref()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_ignoring_case() {
        assert!(eq_ignore_case("MEL", "Mel"));
        assert!(eq_ignore_case("ĀTA", "āta"));
        assert!(!eq_ignore_case("Mel", "Melanie"));
        assert!(!eq_ignore_case("Ata", "Āta"));
    }

    #[test]
    fn case_ids_sort_as_a_person_reads_them() {
        let mut ids = vec!["NK1", "F10", "M1", "F2", "F1", "D3", "P02", "P1"];
        sort(&mut ids);
        assert_eq!(ids, ["D3", "F1", "F2", "F10", "M1", "NK1", "P1", "P02"]);
    }

    /// The comparison as first written, character by character from the
    /// start, which the skip of a common prefix must agree with.
    fn reference(a: &str, b: &str) -> Ordering {
        super::cmp_from(a.as_bytes(), b.as_bytes())
    }

    proptest::proptest! {
        #[test]
        fn skipping_the_common_prefix_changes_nothing(
            prefix in "[a0-9_/]{0,8}",
            a in "[aA0-9_/]{0,8}",
            b in "[aA0-9_/]{0,8}",
        ) {
            let (a, b) = (format!("{prefix}{a}"), format!("{prefix}{b}"));
            proptest::prop_assert_eq!(cmp(&a, &b), reference(&a, &b));
        }
    }

    #[test]
    fn equal_numbers_with_leading_zeros_are_ordered_stably() {
        assert_eq!(cmp("P01", "P1"), Ordering::Greater);
        assert_eq!(cmp("a", "a"), Ordering::Equal);
        assert_eq!(cmp("a", "B"), Ordering::Less);
    }
}

/// `1 turn`, `2 turns`: a count with its noun, plural when it is not one.
/// Nouns whose plural is not `+s` pass both forms as `"case|cases"`.
pub fn count(n: usize, noun: &str) -> String {
    let (one, many) = match noun.split_once('|') {
        Some((one, many)) => (one.to_owned(), many.to_owned()),
        None => (noun.to_owned(), format!("{noun}s")),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod count_tests {
    use super::count;

    #[test]
    fn singular_and_plural() {
        assert_eq!(count(1, "turn"), "1 turn");
        assert_eq!(count(0, "turn"), "0 turns");
        assert_eq!(count(2, "turn"), "2 turns");
        assert_eq!(count(1, "analysis|analyses"), "1 analysis");
        assert_eq!(count(3, "analysis|analyses"), "3 analyses");
    }
}

//! Ranking metrics over one ranked list of clause ids and the grades judged
//! for a query: nDCG, recall, R-precision and reciprocal rank, all cut at
//! the same depth.
//!
//! Pure functions of their inputs; running searches is the caller's job.

use std::collections::HashMap;

/// Graded gains, standard discount: the gain of a clause is its grade (2 or
/// 1, 0 when not judged) and the discount at one-based rank `r` is
/// `log2(r + 1)`. The ideal list is the judged clauses by grade, so a query
/// whose judged clauses all lead the list in grade order scores 1.
pub fn ndcg(ranked: &[String], grades: &HashMap<String, u8>, depth: usize) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(depth)
        .enumerate()
        .map(|(i, id)| gain(grades.get(id).copied().unwrap_or(0)) / discount(i))
        .sum();
    let mut ideal: Vec<u8> = grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(depth)
        .enumerate()
        .map(|(i, &g)| gain(g) / discount(i))
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

/// The share of the judged clauses (any grade) found in the first `depth`.
pub fn recall(ranked: &[String], grades: &HashMap<String, u8>, depth: usize) -> f64 {
    let relevant = grades.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    judged_among(ranked, grades, depth) as f64 / relevant as f64
}

/// The share of judged clauses (any grade) among the first `r` hits, `r`
/// being the number of judged clauses (at most `depth`): R-precision, the
/// precision a perfect ranking reaches exactly. It falls when anything
/// unjudged (an expansion's stray match) takes a place a relevant clause
/// should hold, whatever the depth.
pub fn r_precision(ranked: &[String], grades: &HashMap<String, u8>, depth: usize) -> f64 {
    let relevant = grades.values().filter(|&&g| g > 0).count().min(depth);
    if relevant == 0 {
        return 0.0;
    }
    judged_among(ranked, grades, relevant) as f64 / relevant as f64
}

/// How many of the first `n` hits were judged relevant (any grade).
fn judged_among(ranked: &[String], grades: &HashMap<String, u8>, n: usize) -> usize {
    ranked
        .iter()
        .take(n)
        .filter(|id| grades.get(*id).is_some_and(|&g| g > 0))
        .count()
}

/// One over the rank of the first judged clause (any grade) within the
/// first `depth`; 0 when there is none.
pub fn reciprocal_rank(ranked: &[String], grades: &HashMap<String, u8>, depth: usize) -> f64 {
    ranked
        .iter()
        .take(depth)
        .position(|id| grades.get(id).is_some_and(|&g| g > 0))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

fn gain(grade: u8) -> f64 {
    f64::from(grade)
}

/// The discount at zero-based position `i`.
fn discount(i: usize) -> f64 {
    ((i + 2) as f64).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn grades(list: &[(&str, u8)]) -> HashMap<String, u8> {
        list.iter().map(|&(id, g)| (id.to_string(), g)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_perfect_ranking_scores_one() {
        let judged = grades(&[("a", 2), ("b", 1)]);
        let ranked = ids(&["a", "b", "x"]);
        assert_eq!(ndcg(&ranked, &judged, 10), 1.0);
        assert_eq!(recall(&ranked, &judged, 10), 1.0);
        assert_eq!(reciprocal_rank(&ranked, &judged, 10), 1.0);
    }

    #[test]
    fn ndcg_discounts_by_log2_of_the_rank() {
        // DCG = 1/log2(2) + 2/log2(4) = 1 + 1 = 2;
        // ideal = 2/log2(2) + 1/log2(3) = 2 + 0.6309...
        let judged = grades(&[("a", 2), ("b", 1)]);
        let ranked = ids(&["b", "x", "a"]);
        let expected = 2.0 / (2.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg(&ranked, &judged, 10), expected));
        assert!(close(reciprocal_rank(&ranked, &judged, 10), 1.0));
    }

    #[test]
    fn only_the_first_depth_hits_count() {
        let judged = grades(&[("a", 2), ("b", 2)]);
        let ranked = ids(&["x", "y", "a", "b"]);
        assert_eq!(recall(&ranked, &judged, 3), 0.5);
        assert!(close(reciprocal_rank(&ranked, &judged, 3), 1.0 / 3.0));
        assert_eq!(reciprocal_rank(&ranked, &judged, 2), 0.0);
        assert_eq!(ndcg(&ranked, &judged, 2), 0.0);
    }

    #[test]
    fn nothing_found_scores_zero() {
        let judged = grades(&[("a", 1)]);
        assert_eq!(ndcg(&[], &judged, 10), 0.0);
        assert_eq!(recall(&[], &judged, 10), 0.0);
        assert_eq!(reciprocal_rank(&[], &judged, 10), 0.0);
        assert_eq!(ndcg(&ids(&["a"]), &HashMap::new(), 10), 0.0);
    }

    #[test]
    fn r_precision_counts_judged_clauses_among_the_first_r() {
        let judged: HashMap<String, u8> = [("a", 2), ("b", 1), ("c", 1)]
            .into_iter()
            .map(|(id, g)| (id.to_string(), g))
            .collect();
        let ranked = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Three judged: the first three hits count, whatever follows.
        assert_eq!(
            r_precision(&ranked(&["b", "a", "c", "x"]), &judged, 10),
            1.0
        );
        assert!(
            (r_precision(&ranked(&["a", "x", "c", "b"]), &judged, 10) - 2.0 / 3.0).abs() < 1e-9
        );
        // The depth caps r.
        assert_eq!(r_precision(&ranked(&["x", "a"]), &judged, 1), 0.0);
        assert_eq!(r_precision(&[], &judged, 10), 0.0);
    }
}

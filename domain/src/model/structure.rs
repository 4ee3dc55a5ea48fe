//! A partnership's structure chart, laid out from reporting lines: each group sits one level
//! below the group it reports to; groups reporting to nothing listed (or in a loop) are roots.

use crate::DocumentId;

/// A group as the chart needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartGroup {
    pub id: DocumentId,
    pub name: String,
    pub reports_to: Option<DocumentId>,
    /// Owned by more than one partnership.
    pub joint: bool,
}

/// A placed box: `level` from the top (0 = roots), `column` left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartNode {
    pub id: DocumentId,
    pub name: String,
    pub joint: bool,
    pub level: usize,
    pub column: usize,
    /// The node this one reports to (an index into the returned nodes).
    pub parent: Option<usize>,
}

/// Lays out `groups` as a tree (depth first, children in the given order). A group whose
/// reporting line leaves the list, or runs in a loop, is placed as a root.
pub fn layout(groups: &[ChartGroup]) -> Vec<ChartNode> {
    let index = |id: DocumentId| groups.iter().position(|g| g.id == id);
    let in_loop = super::reporting_loops(&groups.iter().map(|g| (g.id, g.reports_to)).collect::<Vec<_>>());
    let parent_of = |i: usize| -> Option<usize> {
        let g = &groups[i];
        if in_loop.contains(&g.id) {
            return None;
        }
        g.reports_to.and_then(index).filter(|&p| p != i)
    };
    let mut nodes: Vec<ChartNode> = Vec::new();
    let mut placed = vec![false; groups.len()];
    let mut column = 0;
    // Depth-first from each root; `stack` holds (group index, level, parent node index).
    for root in (0..groups.len()).filter(|&i| parent_of(i).is_none()) {
        let mut stack = vec![(root, 0usize, None::<usize>)];
        while let Some((i, level, parent)) = stack.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            let g = &groups[i];
            nodes.push(ChartNode { id: g.id, name: g.name.clone(), joint: g.joint, level, column, parent });
            let me = nodes.len() - 1;
            let children: Vec<usize> = (0..groups.len()).filter(|&c| parent_of(c) == Some(i) && !placed[c]).collect();
            if children.is_empty() {
                column += 1;
            }
            for c in children.into_iter().rev() {
                stack.push((c, level + 1, Some(me)));
            }
        }
    }
    // Anything left (unreachable) becomes a root of its own.
    for (i, g) in groups.iter().enumerate() {
        if !placed[i] {
            nodes.push(ChartNode { id: g.id, name: g.name.clone(), joint: g.joint, level: 0, column, parent: None });
            column += 1;
        }
    }
    // A parent sits above its first child.
    for n in (0..nodes.len()).rev() {
        if let Some(first) = nodes.iter().position(|c| c.parent == Some(n)) {
            nodes[n].column = nodes[first].column;
        }
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, id: DocumentId, to: Option<DocumentId>) -> ChartGroup {
        ChartGroup { id, name: name.into(), reports_to: to, joint: false }
    }

    #[test]
    fn groups_sit_below_the_group_they_report_to() {
        let (board, exec, a, b) = (DocumentId::random(), DocumentId::random(), DocumentId::random(), DocumentId::random());
        let nodes = layout(&[g("A", a, Some(exec)), g("Board", board, None), g("Exec", exec, Some(board)), g("B", b, Some(exec))]);
        let at = |name: &str| nodes.iter().find(|n| n.name == name).unwrap();
        assert_eq!((at("Board").level, at("Exec").level, at("A").level, at("B").level), (0, 1, 2, 2));
        assert_ne!(at("A").column, at("B").column);
        assert_eq!(nodes[at("A").parent.unwrap()].name, "Exec");
    }

    #[test]
    fn a_loop_or_a_line_to_another_partnership_makes_a_root() {
        let (x, y, z) = (DocumentId::random(), DocumentId::random(), DocumentId::random());
        let nodes = layout(&[g("X", x, Some(y)), g("Y", y, Some(x)), g("Z", z, Some(DocumentId::random()))]);
        assert_eq!(nodes.len(), 3);
        assert!(nodes.iter().all(|n| n.level == 0 && n.parent.is_none()));
    }
}

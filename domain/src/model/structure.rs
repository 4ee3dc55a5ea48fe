//! A partnership's structure chart, laid out from reporting lines so that it fits the width
//! it is given: each group sits one row below and one step to the right of the group it
//! reports to (an indented tree), and the tree wraps into as many side-by-side columns as
//! fit, breaking only between the branches under a top-level group. Groups reporting to
//! nothing listed (or in a loop) are top-level. Every reporting line is drawn: the main one
//! solid, further ("also reports to") ones dashed.
//!
//! Pure geometry: the app turns [`Chart`] into SVG with [`Chart::position`] and
//! [`Chart::path`], so what is drawn is tested here.

use crate::DocumentId;

/// Width of a group's box, px.
pub const BOX_W: f64 = 220.0;
/// Height of a group's box, px.
pub const BOX_H: f64 = 52.0;
/// How far a group sits to the right of the one it reports to, px.
const INDENT: f64 = 24.0;
/// Space between rows, px.
const ROW_GAP: f64 = 14.0;
/// Space between columns (lines run in it), px.
const COL_GAP: f64 = 40.0;
/// Space above the first row (lines between columns cross there), px.
const TOP: f64 = 20.0;

/// A group as the chart needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartGroup {
    pub id: DocumentId,
    pub name: String,
    pub reports_to: Option<DocumentId>,
    /// Further reporting lines ("also reports to").
    pub also_reports_to: Vec<DocumentId>,
    /// Owned by more than one partnership.
    pub joint: bool,
}

/// A placed box: `level` of indentation (0 = top-level), in `column`, on `row` of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartNode {
    pub id: DocumentId,
    pub name: String,
    pub joint: bool,
    pub level: usize,
    pub column: usize,
    pub row: usize,
    /// The node this one reports to (an index into the nodes).
    pub parent: Option<usize>,
}

/// A reporting line from the node `from` to the node it reports to, `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartLine {
    pub from: usize,
    pub to: usize,
    /// A further ("also reports to") line: drawn dashed.
    pub further: bool,
}

/// The laid-out chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chart {
    pub nodes: Vec<ChartNode>,
    pub lines: Vec<ChartLine>,
    /// Columns used.
    pub columns: usize,
    /// Rows in the tallest column.
    pub rows: usize,
    /// The deepest indentation.
    pub max_level: usize,
}

/// How many columns of a tree `max_level` deep fit in `width` px (at least one).
pub fn columns_that_fit(width: f64, max_level: usize) -> usize {
    let column = column_width(max_level);
    ((width / (column + COL_GAP)).floor() as usize).max(1)
}

fn column_width(max_level: usize) -> f64 {
    max_level as f64 * INDENT + BOX_W
}

/// The groups in reading order (depth first, children in the given order), as (group
/// index, level, parent position in the order).
fn tree_order(groups: &[ChartGroup]) -> Vec<(usize, usize, Option<usize>)> {
    let index = |id: DocumentId| groups.iter().position(|g| g.id == id);
    let in_loop = super::reporting_loops(&groups.iter().map(|g| (g.id, g.reports_to)).collect::<Vec<_>>());
    let parent_of = |i: usize| -> Option<usize> {
        let g = &groups[i];
        if in_loop.contains(&g.id) {
            return None;
        }
        g.reports_to.and_then(index).filter(|&p| p != i)
    };
    let mut order = Vec::new();
    let mut placed = vec![false; groups.len()];
    let roots: Vec<usize> = (0..groups.len()).filter(|&i| parent_of(i).is_none()).collect();
    // Anything unreachable from a root (cannot happen once loops are roots) comes last.
    for root in roots.into_iter().chain(0..groups.len()) {
        let mut stack = vec![(root, 0usize, None::<usize>)];
        while let Some((i, level, parent)) = stack.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            order.push((i, level, parent));
            let me = order.len() - 1;
            let children: Vec<usize> = (0..groups.len()).filter(|&c| parent_of(c) == Some(i) && !placed[c]).collect();
            for c in children.into_iter().rev() {
                stack.push((c, level + 1, Some(me)));
            }
        }
    }
    order
}

/// Lays out `groups` in at most `max_columns` columns, as short as it can: the reading
/// order is cut into blocks (a top-level group with its first branch, then each further
/// branch) and the blocks fill the columns in turn.
pub fn layout(groups: &[ChartGroup], max_columns: usize) -> Chart {
    let order = tree_order(groups);
    if order.is_empty() {
        return Chart::default();
    }
    // Block starts: a top-level group, or a branch under one that does not follow it directly.
    let starts: Vec<usize> = (0..order.len())
        .filter(|&i| {
            let (_, level, parent) = order[i];
            level == 0 || (level == 1 && parent != Some(i - 1))
        })
        .collect();
    let blocks: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(order.len())))
        .collect();
    let max_columns = max_columns.max(1);
    let pack = |height: usize| -> Vec<usize> {
        // The column of each block.
        let (mut column, mut used) = (0, 0);
        blocks
            .iter()
            .map(|&(s, e)| {
                let len = e - s;
                if used > 0 && used + len > height {
                    column += 1;
                    used = 0;
                }
                used += len;
                column
            })
            .collect()
    };
    let mut height = order.len().div_ceil(max_columns);
    let columns_of = loop {
        let cols = pack(height);
        if cols.last().is_some_and(|&c| c < max_columns) {
            break cols;
        }
        height += 1;
    };
    let mut nodes = Vec::with_capacity(order.len());
    let mut rows_in = vec![0usize; max_columns];
    for (b, &(s, e)) in blocks.iter().enumerate() {
        let column = columns_of[b];
        for &(i, level, parent) in &order[s..e] {
            let g = &groups[i];
            nodes.push(ChartNode {
                id: g.id,
                name: g.name.clone(),
                joint: g.joint,
                level,
                column,
                row: rows_in[column],
                parent,
            });
            rows_in[column] += 1;
        }
    }
    let node_of = |id: DocumentId| nodes.iter().position(|n| n.id == id);
    let mut lines: Vec<ChartLine> =
        nodes.iter().enumerate().filter_map(|(i, n)| Some(ChartLine { from: i, to: n.parent?, further: false })).collect();
    for (i, n) in nodes.iter().enumerate() {
        let g = groups.iter().find(|g| g.id == n.id).expect("every node is a group");
        for to in g.also_reports_to.iter().filter_map(|&t| node_of(t)) {
            if to != i && n.parent != Some(to) && !lines.iter().any(|l| l.from == i && l.to == to) {
                lines.push(ChartLine { from: i, to, further: true });
            }
        }
    }
    Chart {
        columns: columns_of.last().map_or(1, |c| c + 1),
        rows: rows_in.iter().copied().max().unwrap_or(0),
        max_level: nodes.iter().map(|n| n.level).max().unwrap_or(0),
        nodes,
        lines,
    }
}

/// Lays out `groups` in as many columns as fit in `width` px.
pub fn layout_to_fit(groups: &[ChartGroup], width: f64) -> Chart {
    let depth = layout(groups, 1).max_level;
    layout(groups, columns_that_fit(width, depth))
}

impl Chart {
    fn column_x(&self, column: usize) -> f64 {
        column as f64 * (column_width(self.max_level) + COL_GAP)
    }

    /// The gutter to the right of `column`.
    fn gutter_x(&self, column: usize) -> f64 {
        self.column_x(column) + column_width(self.max_level) + COL_GAP / 2.0
    }

    /// Top-left corner of node `i`'s box.
    pub fn position(&self, i: usize) -> (f64, f64) {
        let n = &self.nodes[i];
        (self.column_x(n.column) + n.level as f64 * INDENT, TOP + n.row as f64 * (BOX_H + ROW_GAP))
    }

    /// The whole drawing's width and height, px.
    pub fn size(&self) -> (f64, f64) {
        if self.nodes.is_empty() {
            return (0.0, 0.0);
        }
        let w = self.column_x(self.columns - 1) + column_width(self.max_level) + COL_GAP;
        let h = TOP + self.rows as f64 * (BOX_H + ROW_GAP);
        (w, h)
    }

    /// The SVG path of line `k`. A main line within a column runs down the parent's trunk to
    /// the child's left edge; other lines run through the gutters (and, between columns,
    /// along the top), each in its own lane.
    pub fn path(&self, k: usize) -> String {
        let line = self.lines[k];
        let (from, to) = (&self.nodes[line.from], &self.nodes[line.to]);
        let (fx, fy) = self.position(line.from);
        let (tx, ty) = self.position(line.to);
        let lane = (k % 4) as f64 * 4.0;
        if !line.further && from.column == to.column && to.row < from.row {
            // Down the trunk under the group reported to.
            let trunk = tx + INDENT / 2.0;
            return format!("M{trunk},{} V{} H{fx}", ty + BOX_H, fy + BOX_H / 2.0);
        }
        if from.column == to.column {
            let g = self.gutter_x(from.column) - lane;
            return format!("M{},{} H{g} V{} H{}", fx + BOX_W, fy + BOX_H / 2.0, ty + BOX_H / 2.0, tx + BOX_W);
        }
        // Between columns: out of the left one's right edge, along the top, into the right one's left edge.
        let (left, right) = if from.column < to.column { ((fx, fy), (tx, ty)) } else { ((tx, ty), (fx, fy)) };
        let (lc, rc) = (from.column.min(to.column), from.column.max(to.column));
        let (g1, g2) = (self.gutter_x(lc) - lane, self.gutter_x(rc - 1) + lane);
        let top = TOP / 2.0 - lane / 2.0;
        format!(
            "M{},{} H{g1} V{top} H{g2} V{} H{}",
            left.0 + BOX_W,
            left.1 + BOX_H / 2.0,
            right.1 + BOX_H / 2.0,
            right.0
        )
    }
}

/// Splits a name into at most `max` lines of about `width` characters (the last one cut
/// with "…" when it does not fit).
pub fn wrap_name(name: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, id: DocumentId, to: Option<DocumentId>) -> ChartGroup {
        ChartGroup { id, name: name.into(), reports_to: to, also_reports_to: Vec::new(), joint: false }
    }

    fn ids<const N: usize>() -> [DocumentId; N] {
        std::array::from_fn(|_| DocumentId::random())
    }

    /// Leicester's shape: a board with two branches, and two groups reporting outside the
    /// partnership, one of which also reports to the board.
    fn leicester() -> (Vec<ChartGroup>, [DocumentId; 8]) {
        let [board, core, sirg, paag, exec, joint, mald, cdrp] = ids::<8>();
        let mut panel = g("Child Death Review Panel", cdrp, Some(DocumentId::random()));
        panel.also_reports_to = vec![board];
        let groups = vec![
            g("Board", board, None),
            g("Core Business", core, Some(board)),
            g("Serious Incident Review", sirg, Some(core)),
            g("Performance Analysis", paag, Some(core)),
            g("LLR Joint Executive", exec, Some(board)),
            g("LLR Joint Procedures", joint, Some(exec)),
            g("Learning and Development", mald, Some(DocumentId::random())),
            panel,
        ];
        (groups, [board, core, sirg, paag, exec, joint, mald, cdrp])
    }

    fn at<'a>(c: &'a Chart, name: &str) -> &'a ChartNode {
        c.nodes.iter().find(|n| n.name == name).unwrap()
    }

    #[test]
    fn in_one_column_each_group_sits_below_and_inside_the_group_it_reports_to() {
        let (groups, _) = leicester();
        let c = layout(&groups, 1);
        assert_eq!((c.columns, c.rows, c.max_level), (1, 8, 2));
        let names: Vec<_> = c.nodes.iter().map(|n| (n.name.as_str(), n.level)).collect();
        assert_eq!(
            names,
            [
                ("Board", 0),
                ("Core Business", 1),
                ("Serious Incident Review", 2),
                ("Performance Analysis", 2),
                ("LLR Joint Executive", 1),
                ("LLR Joint Procedures", 2),
                ("Learning and Development", 0),
                ("Child Death Review Panel", 0),
            ]
        );
        assert_eq!(c.nodes[at(&c, "LLR Joint Procedures").parent.unwrap()].name, "LLR Joint Executive");
    }

    #[test]
    fn a_wide_screen_wraps_the_tree_into_balanced_columns_between_branches() {
        let (groups, _) = leicester();
        let c = layout(&groups, 3);
        assert_eq!((c.columns, c.rows), (3, 4));
        // The board keeps its first branch beside it; the second branch moves on whole.
        assert_eq!(at(&c, "Board").column, at(&c, "Performance Analysis").column);
        assert_eq!(at(&c, "LLR Joint Executive").column, at(&c, "LLR Joint Procedures").column);
        assert_ne!(at(&c, "Board").column, at(&c, "LLR Joint Executive").column);
        // No two boxes overlap, and all lie inside the drawing.
        let (w, h) = c.size();
        for i in 0..c.nodes.len() {
            let (x, y) = c.position(i);
            assert!(x >= 0.0 && y >= 0.0 && x + BOX_W <= w && y + BOX_H <= h, "{i} at {x},{y} outside {w}x{h}");
            for j in 0..i {
                let (x2, y2) = c.position(j);
                assert!(x + BOX_W <= x2 || x2 + BOX_W <= x || y + BOX_H <= y2 || y2 + BOX_H <= y, "{i} overlaps {j}");
            }
        }
    }

    #[test]
    fn the_columns_that_fit_a_phone_and_a_desktop() {
        assert_eq!(columns_that_fit(330.0, 2), 1);
        assert_eq!(columns_that_fit(100.0, 5), 1);
        assert_eq!(columns_that_fit(960.0, 2), 3);
        let (groups, _) = leicester();
        for (width, columns) in [(330.0, 1), (640.0, 2), (960.0, 3)] {
            let c = layout_to_fit(&groups, width);
            assert_eq!(c.columns, columns, "{width}");
            assert!(c.size().0 <= width, "{width}: chart is {}", c.size().0);
        }
    }

    #[test]
    fn every_reporting_line_is_drawn_and_further_ones_are_marked() {
        let (groups, [board, core, _, _, exec, _, _, cdrp]) = leicester();
        let c = layout(&groups, 3);
        let index = |id| c.nodes.iter().position(|n| n.id == id).unwrap();
        let main: Vec<_> = c.lines.iter().filter(|l| !l.further).collect();
        // Every group whose main line stays in the partnership: 5 of them.
        assert_eq!(main.len(), 5);
        assert!(main.iter().any(|l| l.from == index(core) && l.to == index(board)));
        assert!(main.iter().any(|l| l.from == index(exec) && l.to == index(board)));
        let further: Vec<_> = c.lines.iter().filter(|l| l.further).collect();
        assert_eq!(further, [&ChartLine { from: index(cdrp), to: index(board), further: true }]);
        // A path for each, starting and ending at the right boxes.
        for k in 0..c.lines.len() {
            assert!(c.path(k).starts_with('M'), "{}", c.path(k));
        }
    }

    #[test]
    fn a_main_line_runs_down_the_trunk_to_the_childs_left_edge() {
        let [a, b] = ids::<2>();
        let c = layout(&[g("A", a, None), g("B", b, Some(a))], 1);
        let (ax, ay) = c.position(0);
        let (bx, by) = c.position(1);
        assert_eq!(bx, ax + INDENT);
        assert_eq!(c.path(0), format!("M{},{} V{} H{bx}", ax + INDENT / 2.0, ay + BOX_H, by + BOX_H / 2.0));
    }

    #[test]
    fn a_further_line_to_a_group_already_reported_to_is_not_drawn_twice() {
        let [a, b] = ids::<2>();
        let mut child = g("B", b, Some(a));
        child.also_reports_to = vec![a, b];
        let c = layout(&[g("A", a, None), child], 2);
        assert_eq!(c.lines.len(), 1);
    }

    #[test]
    fn a_loop_or_a_line_to_another_partnership_makes_a_top_level_group() {
        let [x, y, z] = ids::<3>();
        let c = layout(&[g("X", x, Some(y)), g("Y", y, Some(x)), g("Z", z, Some(DocumentId::random()))], 1);
        assert_eq!(c.nodes.len(), 3);
        assert!(c.nodes.iter().all(|n| n.level == 0 && n.parent.is_none()));
        assert!(c.lines.is_empty());
        assert_eq!(layout(&[], 3), Chart::default());
    }

    #[test]
    fn long_names_wrap_onto_at_most_the_lines_given() {
        assert_eq!(wrap_name("Case Review Group", 28, 2), ["Case Review Group"]);
        assert_eq!(
            wrap_name("LLR Joint Procedures & Development Sub Group", 28, 2),
            ["LLR Joint Procedures &", "Development Sub Group"]
        );
        let cut = wrap_name(&"word ".repeat(40), 10, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
    }
}

//! What the terminal screen shows: each line run with its output, capped the way
//! a real terminal caps its scrollback, so the screen stays fast and the save small.
//!
//! The screen keeps at most [`MAX_LINES`] lines and [`MAX_BYTES`] bytes of text; older
//! output scrolls away, and a single huge output keeps only its end (as `less +G` or a
//! terminal with a full scrollback would show it). A save keeps only the last
//! [`SAVED_LINES`] lines and [`SAVED_BYTES`] bytes ([`Scrollback::tail`]).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// The most lines the screen keeps (GNOME Terminal keeps 10,000 by default, xterm 1,024).
pub const MAX_LINES: usize = 10_000;
/// The most bytes of text the screen keeps.
pub const MAX_BYTES: usize = 1_000_000;
/// The most lines a save keeps.
pub const SAVED_LINES: usize = 100;
/// The most bytes of text a save keeps.
pub const SAVED_BYTES: usize = 8_000;
/// The most bytes of a typed command the screen shows.
pub const MAX_COMMAND_BYTES: usize = 2_000;

/// One command on the screen: the prompt it was typed at, the line, and what it printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenEntry {
    /// Grows by one per entry; the UI keys its rows by it.
    pub id: u64,
    /// The prompt shown before the line (`learner@laptop:~$ `).
    pub prompt: String,
    /// The line as typed (shortened when longer than [`MAX_COMMAND_BYTES`]).
    pub command: String,
    /// Standard output and error interleaved, as a terminal shows them.
    pub output: String,
    /// Whether the command failed (non-zero exit status).
    pub failed: bool,
}

impl ScreenEntry {
    fn lines(&self) -> usize {
        1 + self.output.lines().count()
    }

    fn chars(&self) -> usize {
        self.prompt.len() + self.command.len() + self.output.len()
    }
}

/// The terminal's screen and scrollback.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scrollback {
    entries: VecDeque<ScreenEntry>,
    next_id: u64,
}

impl Scrollback {
    /// An empty screen.
    pub fn new() -> Scrollback {
        Scrollback::default()
    }

    /// Adds a command and its output at the bottom, dropping what scrolls past the caps.
    pub fn push(&mut self, prompt: &str, command: &str, output: &str, failed: bool) {
        let entry = ScreenEntry {
            id: self.next_id,
            prompt: prompt.to_string(),
            command: shorten_command(command),
            output: keep_end(output, MAX_LINES - 1, MAX_BYTES),
            failed,
        };
        self.next_id += 1;
        self.entries.push_back(entry);
        self.trim(MAX_LINES, MAX_BYTES);
    }

    /// Adds a line of the app's own (a note such as "lab rewound"), shown without a prompt.
    pub fn note(&mut self, text: &str) {
        self.push("", "", text, false);
    }

    /// Empties the screen (`clear`, Ctrl+L). Ids keep growing.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries on the screen, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &ScreenEntry> + ExactSizeIterator {
        self.entries.iter()
    }

    /// How many entries the screen holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the screen is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A value that changes whenever the screen does: the first kept id and the next id.
    pub fn version(&self) -> (u64, u64) {
        (
            self.entries.front().map_or(self.next_id, |entry| entry.id),
            self.next_id,
        )
    }

    /// The lines and characters on the screen.
    pub fn size(&self) -> (usize, usize) {
        self.entries.iter().fold((0, 0), |(lines, chars), entry| {
            (lines + entry.lines(), chars + entry.chars())
        })
    }

    /// The end of the screen that a save keeps: at most [`SAVED_LINES`] lines and
    /// [`SAVED_BYTES`] characters.
    pub fn tail(&self) -> Scrollback {
        let mut tail = self.clone();
        tail.trim(SAVED_LINES, SAVED_BYTES);
        tail
    }

    /// Drops the oldest entries, then the start of the oldest one's output, until the
    /// screen fits `max_lines` and `max_chars`.
    fn trim(&mut self, max_lines: usize, max_chars: usize) {
        let (mut lines, mut chars) = self.size();
        while lines > max_lines || chars > max_chars {
            if self.entries.len() > 1 {
                if let Some(oldest) = self.entries.pop_front() {
                    lines -= oldest.lines();
                    chars -= oldest.chars();
                }
                continue;
            }
            let Some(oldest) = self.entries.front_mut() else {
                return;
            };
            let budget_lines = max_lines.saturating_sub(1).max(1);
            let budget_chars = max_chars.saturating_sub(oldest.prompt.len() + oldest.command.len());
            oldest.output = keep_end(&oldest.output, budget_lines, budget_chars);
            return;
        }
    }
}

/// The end of `text` that fits in `max_lines` lines and `max_chars` bytes (cut at a
/// character boundary), after a line saying how much was dropped.
fn keep_end(text: &str, max_lines: usize, max_chars: usize) -> String {
    let total_lines = text.lines().count();
    if total_lines <= max_lines && text.len() <= max_chars {
        return text.to_string();
    }
    // Leave room for the marker line.
    let max_lines = max_lines.saturating_sub(1).max(1);
    let max_chars = max_chars.saturating_sub(80).max(1);
    let mut start = text.len();
    let mut lines = 0;
    for (index, _) in text.rmatch_indices('\n') {
        // A newline at the very end closes the last line rather than starting one.
        if index + 1 == text.len() {
            continue;
        }
        lines += 1;
        if lines > max_lines || text.len() - (index + 1) > max_chars {
            break;
        }
        start = index + 1;
    }
    if start == text.len() || text.len() - start > max_chars {
        // One line longer than the budget: keep its end.
        start = text.len().saturating_sub(max_chars);
        while !text.is_char_boundary(start) {
            start += 1;
        }
    }
    let dropped_lines = text[..start].lines().count();
    format!(
        "[… {dropped_lines} earlier line(s), {} characters, scrolled out of the terminal's memory]\n{}",
        start,
        &text[start..]
    )
}

/// A command shortened to [`MAX_COMMAND_BYTES`] for the screen.
fn shorten_command(command: &str) -> String {
    if command.len() <= MAX_COMMAND_BYTES {
        return command.to_string();
    }
    let mut end = MAX_COMMAND_BYTES;
    while !command.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}… [{} more characters]",
        &command[..end],
        command.len() - end
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_their_order_and_ids_grow() {
        let mut screen = Scrollback::new();
        screen.push("$ ", "echo a", "a\n", false);
        screen.push("$ ", "false", "", true);
        let ids: Vec<u64> = screen.entries().map(|e| e.id).collect();
        assert_eq!(ids, [0, 1]);
        assert_eq!(screen.version(), (0, 2));
        screen.clear();
        assert!(screen.is_empty());
        screen.push("$ ", "ls", "", false);
        assert_eq!(screen.entries().next().map(|e| e.id), Some(2));
    }

    #[test]
    fn old_entries_scroll_away_past_the_line_cap() {
        let mut screen = Scrollback::new();
        let output = "line\n".repeat(99);
        for _ in 0..100 {
            screen.push("$ ", "cat big", &output, false);
        }
        let (lines, chars) = screen.size();
        assert!(lines <= MAX_LINES, "{lines} lines kept");
        assert!(chars <= MAX_BYTES);
        assert_eq!(screen.len(), MAX_LINES / 100);
        assert_eq!(screen.entries().last().map(|e| e.id), Some(99));
    }

    #[test]
    fn one_huge_output_keeps_its_end_and_says_what_was_dropped() {
        let mut screen = Scrollback::new();
        let output: String = (0..10_000).map(|i| format!("row {i}\n")).collect();
        screen.push("$ ", "seq", &output, false);
        let (lines, chars) = screen.size();
        assert!(lines <= MAX_LINES);
        assert!(chars <= MAX_BYTES);
        let kept = &screen.entries().next().unwrap().output;
        assert!(kept.starts_with("[… "), "{}", &kept[..80]);
        assert!(kept.ends_with("row 9999\n"));
    }

    #[test]
    fn a_single_long_line_is_cut_at_a_character_boundary() {
        let mut screen = Scrollback::new();
        let output = "가".repeat(MAX_BYTES);
        screen.push("$ ", "cat", &output, false);
        let (_, chars) = screen.size();
        assert!(chars <= MAX_BYTES);
        let long = "x".repeat(100_000);
        screen.push("$ ", &long, "", false);
        let command = &screen.entries().last().unwrap().command;
        assert!(command.len() < MAX_COMMAND_BYTES + 40);
        assert!(command.ends_with("[98000 more characters]"));
    }

    #[test]
    fn the_saved_tail_is_small_and_ends_with_the_last_entry() {
        let mut screen = Scrollback::new();
        for i in 0..500 {
            screen.push("$ ", &format!("echo {i}"), &format!("{i}\n"), false);
        }
        let tail = screen.tail();
        let (lines, chars) = tail.size();
        assert!(lines <= SAVED_LINES && chars <= SAVED_BYTES);
        assert_eq!(tail.entries().last().map(|e| e.id), Some(499));
        let json = serde_json::to_string(&tail).unwrap();
        let back: Scrollback = serde_json::from_str(&json).unwrap();
        assert_eq!(back, tail);
        assert_eq!(back.version().1, 500);
    }
}

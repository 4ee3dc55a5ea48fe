//! iCalendar (RFC 5545) for meetings: a group's or a person's feed and a single meeting's
//! download, in the form Outlook and Google Calendar import: CRLF lines folded at 75 octets,
//! text escaped, times in `Europe/London` with its `VTIMEZONE`, all-day events when no start
//! time is set, cancelled meetings kept with `STATUS:CANCELLED` so calendars remove them.

use super::{MeetingStatus, Time};
use crate::model::Date;

/// One meeting as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across edits (the meeting's document id), so calendars update, not duplicate.
    pub uid: String,
    pub title: String,
    pub date: Date,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub location: String,
    /// The online link, or the meeting's page.
    pub url: String,
    pub description: String,
    pub status: MeetingStatus,
}

const LONDON: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19700329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Escapes TEXT values (RFC 5545 3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn ymd(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{y:04}{m:02}{day:02}")
}

fn stamp(unix_ms: i64) -> String {
    let d = Date::of_unix_seconds(unix_ms.div_euclid(1000));
    let secs = unix_ms.rem_euclid(86_400_000) / 1000;
    format!("{}T{:02}{:02}{:02}Z", ymd(d), secs / 3600, secs / 60 % 60, secs % 60)
}

/// A whole calendar named `name` (e.g. the group's name) with `events`; `now_ms` is the
/// `DTSTAMP` of every event.
pub fn calendar(name: &str, events: &[CalendarEvent], now_ms: i64) -> String {
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Quorum//Meetings//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut out, "X-WR-TIMEZONE:Europe/London");
    out.push_str(LONDON);
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{}", stamp(now_ms)));
        match e.start {
            Some(start) => {
                let t = |t: Time| format!("{}T{:02}{:02}00", ymd(e.date), t.hour(), t.minute());
                line(&mut out, &format!("DTSTART;TZID=Europe/London:{}", t(start)));
                // Without an end (or an end before the start), an hour is assumed.
                let end = e.end.filter(|end| start.minutes_until(*end) > 0);
                match end {
                    Some(end) => line(&mut out, &format!("DTEND;TZID=Europe/London:{}", t(end))),
                    None => line(&mut out, "DURATION:PT1H"),
                }
            }
            None => {
                line(&mut out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.date)));
                line(&mut out, &format!("DTEND;VALUE=DATE:{}", ymd(e.date.add_days(1))));
            }
        }
        line(&mut out, &format!("SUMMARY:{}", escape(&e.title)));
        if !e.location.trim().is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(e.location.trim())));
        }
        if !e.description.trim().is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(e.description.trim())));
        }
        if e.url.starts_with("https://") || e.url.starts_with("http://") {
            line(&mut out, &format!("URL:{}", e.url.trim()));
        }
        let status = match e.status {
            MeetingStatus::Cancelled => "CANCELLED",
            MeetingStatus::Adjourned => "TENTATIVE",
            MeetingStatus::Scheduled | MeetingStatus::Held => "CONFIRMED",
        };
        line(&mut out, &format!("STATUS:{status}"));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> CalendarEvent {
        CalendarEvent {
            uid: "meeting-1@quorum".into(),
            title: "LLR Joint Procedures & Development Sub Group".into(),
            date: "2027-03-30".parse().unwrap(),
            start: Some("10:00".parse().unwrap()),
            end: Some("12:30".parse().unwrap()),
            location: "City Hall, Room 2; Leicester".into(),
            url: "https://teams.example.org/meet/1".into(),
            description: "1. Apologies\n2. Escalation procedure, for decision".into(),
            status: MeetingStatus::Scheduled,
        }
    }

    #[test]
    fn events_have_london_times_escaped_text_and_crlf_lines() {
        let ics = calendar("Board, meetings", &[event()], 1_800_000_000_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("X-WR-CALNAME:Board\\, meetings\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/London:20270330T100000\r\n"));
        assert!(ics.contains("DTEND;TZID=Europe/London:20270330T123000\r\n"));
        assert!(ics.contains("LOCATION:City Hall\\, Room 2\\; Leicester\r\n"));
        assert!(ics.contains("DESCRIPTION:1. Apologies\\n2. Escalation procedure\\, for decision\r\n"));
        assert!(ics.contains("DTSTAMP:20270115T080000Z\r\n"));
        assert!(ics.contains("STATUS:CONFIRMED"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut e = event();
        e.title = "Résumé of the Child Safeguarding Practice Review Group’s work — ".repeat(4);
        let ics = calendar("g", &[e.clone()], 0);
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", escape(&e.title))));
    }

    #[test]
    fn a_day_without_times_is_all_day_and_cancelled_meetings_say_so() {
        let mut e = event();
        e.start = None;
        e.status = MeetingStatus::Cancelled;
        let ics = calendar("g", &[e], 0);
        assert!(ics.contains("DTSTART;VALUE=DATE:20270330\r\nDTEND;VALUE=DATE:20270331\r\n"));
        assert!(ics.contains("STATUS:CANCELLED"));
    }
}

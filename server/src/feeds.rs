//! iCalendar feeds of meetings (issue 12): an unguessable, revocable URL a person pastes into
//! Outlook or Google Calendar, which fetch it without a session. A feed is a person's (the
//! meetings of every group they can read) or one group's; either way it shows only what its
//! account may read at the moment it is fetched, so a role taken away empties it.

mod calendar;
mod store;

pub use calendar::{feed_groups, render, render_groups};
pub use store::{Feed, FeedId, FeedStore, FeedsError};

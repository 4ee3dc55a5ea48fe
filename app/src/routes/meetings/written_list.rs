//! "Decisions between meetings" on a group's meetings page: its written procedures, newest
//! first, each linking to its page; "Put a question in writing" for editors.

use domain::{meeting::WrittenStage, DocumentId};
use leptos::prelude::*;

use super::date_text;
use crate::{
    routes::{new_written_href, written_href},
    state::{use_written_list, WrittenRow},
};

/// The GOV.UK tag colour of a stage.
pub fn stage_tag(stage: Option<WrittenStage>) -> &'static str {
    match stage {
        Some(WrittenStage::Open { .. }) => "govuk-tag govuk-tag--blue",
        Some(WrittenStage::ReadyToClose) => "govuk-tag govuk-tag--yellow",
        Some(WrittenStage::Carried) => "govuk-tag govuk-tag--green",
        Some(WrittenStage::NotCarried) => "govuk-tag govuk-tag--red",
        None => "govuk-tag govuk-tag--grey",
    }
}

/// The stage in words ("Not on this device yet" until its document arrives).
pub fn stage_text(stage: Option<WrittenStage>) -> &'static str {
    stage.map(WrittenStage::label).unwrap_or("Not on this device yet")
}

#[component]
pub fn WrittenProcedures(id: DocumentId, can_edit: Memo<bool>) -> impl IntoView {
    let list = use_written_list(id);
    let rows = list.rows;
    view! {
        <h2 class="govuk-heading-m" id="written-h">"Decisions between meetings"</h2>
        <p class="govuk-body">"Questions put to the group in writing, answered by each member entitled to vote and decided by the group's own rules when they close."</p>
        <Show when=move || can_edit.get()>
            <a class="govuk-button govuk-button--secondary" href=new_written_href(id) data-testid="new-written">"Put a question in writing"</a>
        </Show>
        {move || {
            if rows.with(Vec::is_empty) {
                return view! { <p class="govuk-body" data-testid="written-list">"No questions have been put in writing."</p> }.into_any();
            }
            view! {
                <table class="govuk-table app-stack-table" aria-labelledby="written-h" data-testid="written-list">
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Question"</th>
                            <th scope="col" class="govuk-table__header">"Closes"</th>
                            <th scope="col" class="govuk-table__header">"Status"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        <For each=move || rows.get() key=|r: &WrittenRow| format!("{r:?}") let:r>
                            <tr class="govuk-table__row" data-testid="written-row">
                                <th scope="row" class="govuk-table__header">
                                    <a class="govuk-link" href=written_href(r.id)>{r.question.clone()}</a>
                                </th>
                                <td class="govuk-table__cell" data-label="Closes">{date_text(r.closes_on)}</td>
                                <td class="govuk-table__cell" data-label="Status"><strong class=stage_tag(r.stage)>{stage_text(r.stage)}</strong></td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}

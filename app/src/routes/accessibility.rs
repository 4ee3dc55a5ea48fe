use leptos::prelude::*;

use crate::components::set_page_title;

/// `/accessibility`: the accessibility statement, adapted from the GOV.UK model statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    set_page_title("Accessibility statement", false);
    view! {
        <h1 class="govuk-heading-l">"Accessibility statement for Quorum"</h1>
        <p class="govuk-body">
            "This accessibility statement applies to Quorum, the governance app for multi-agency "
            "safeguarding partnerships."
        </p>
        <p class="govuk-body">
            "This app is run by the Quorum team. We want as many people as possible to be able to "
            "use it. For example, that means you should be able to:"
        </p>
        <ul class="govuk-list govuk-list--bullet">
            <li>"change colours, contrast levels and fonts using browser or device settings"</li>
            <li>"zoom in up to 400% without the text spilling off the screen"</li>
            <li>"use it on a phone 320 pixels wide without scrolling sideways"</li>
            <li>"navigate most of the app using just a keyboard, with a visible focus indicator"</li>
            <li>"navigate most of the app using speech recognition software"</li>
            <li>"listen to most of the app using a screen reader (including the most recent versions of JAWS, NVDA and VoiceOver)"</li>
            <li>"keep working without a network connection: the app tells you what is saved on this device and what is on the server"</li>
        </ul>
        <p class="govuk-body">"We've also made the text as simple as possible to understand."</p>

        <h2 class="govuk-heading-m">"How accessible this app is"</h2>
        <p class="govuk-body">"We know some parts of this app are not fully accessible:"</p>
        <ul class="govuk-list govuk-list--bullet">
            <li>"the history of a document does not yet describe every change in words"</li>
            <li>"some status messages about syncing may be announced more than once by some screen readers"</li>
        </ul>

        <h2 class="govuk-heading-m">"Feedback and contact information"</h2>
        <p class="govuk-body">
            "If you need information in a different format, like accessible PDF, large print, easy "
            "read, audio recording or braille, ask your partnership's business manager. We'll "
            "consider your request and get back to you in 5 working days."
        </p>

        <h2 class="govuk-heading-m">"Reporting accessibility problems with this app"</h2>
        <p class="govuk-body">
            "We're always looking to improve the accessibility of this app. If you find any "
            "problems not listed on this page or think we're not meeting accessibility "
            "requirements, tell your partnership's business manager, who will pass it to the Quorum team."
        </p>

        <h2 class="govuk-heading-m">"Enforcement procedure"</h2>
        <p class="govuk-body">
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the 'accessibility regulations'). If you're not happy with how we "
            "respond to your complaint, contact the Equality Advisory and Support Service (EASS)."
        </p>

        <h2 class="govuk-heading-m">"Technical information about this app's accessibility"</h2>
        <p class="govuk-body">
            "The Quorum team is committed to making this app accessible, in accordance with the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018."
        </p>
        <h3 class="govuk-heading-s">"Compliance status"</h3>
        <p class="govuk-body">
            "This app is partially compliant with the Web Content Accessibility Guidelines "
            "version 2.2 AA standard, due to the non-compliances listed below."
        </p>
        <h3 class="govuk-heading-s">"Non-accessible content"</h3>
        <p class="govuk-body">
            "The content listed below is non-accessible for the following reasons."
        </p>
        <p class="govuk-body">
            "Non-compliance with the accessibility regulations: the document history view does "
            "not yet give a text alternative for every change it shows (WCAG 2.2 success "
            "criterion 1.1.1). We plan to fix this before the history view is released to all "
            "partnerships."
        </p>

        <h2 class="govuk-heading-m">"What we're doing to improve accessibility"</h2>
        <p class="govuk-body">
            "Every main page is tested automatically on each change with axe-core in a real "
            "browser (no serious or critical issues allowed) and at a width of 360 pixels (no "
            "sideways scrolling). We also test with a keyboard and a screen reader."
        </p>

        <h2 class="govuk-heading-m">"Preparation of this accessibility statement"</h2>
        <p class="govuk-body">
            "This statement was prepared on 22 November 2026. It was last reviewed on 22 "
            "November 2026."
        </p>
        <p class="govuk-body">
            "This app was last tested on 22 November 2026 against the WCAG 2.2 AA standard. The "
            "test was carried out by the Quorum team, using automated checks (axe-core) and "
            "manual checks of every main page."
        </p>
    }
}

use leptos::prelude::*;

use crate::{
    components::set_page_title,
    pwa::{app_version, format_bytes, storage_info, InstallButton, StorageInfo},
};

/// `/settings`: this device's storage (use and whether the browser keeps it), the app
/// version, and installation.
#[component]
pub fn SettingsPage() -> impl IntoView {
    set_page_title("Settings", false);
    let info = LocalResource::new(storage_info);
    let version = LocalResource::new(app_version);

    let usage = move || {
        info.get().map(|i: StorageInfo| match (i.usage, i.quota) {
            (Some(u), Some(q)) if q > 0.0 => {
                let share = u / q * 100.0;
                let share = if share < 0.1 {
                    "less than 0.1%".to_owned()
                } else {
                    format!("{share:.1}%")
                };
                format!(
                    "{} of {} available to this site ({share})",
                    format_bytes(u),
                    format_bytes(q)
                )
            }
            (Some(u), _) => format_bytes(u),
            _ => "This browser does not say".to_owned(),
        })
    };
    let persisted = move || {
        info.get().map(|i| {
            if i.persisted {
                "Yes: the browser will not delete Quorum's data to free space"
            } else {
                "Not yet: the browser may delete Quorum's data if the device runs low on space. \
                 Installing the app, or saving a change, asks the browser to keep it."
            }
        })
    };

    view! {
        <h1 class="govuk-heading-l">"Settings"</h1>
        <h2 class="govuk-heading-m">"Storage on this device"</h2>
        <p class="govuk-body">
            "Quorum keeps your partnerships' work on this device so that it works offline."
        </p>
        <dl class="govuk-summary-list" data-testid="storage-summary">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Storage used"</dt>
                <dd class="govuk-summary-list__value" data-testid="storage-usage">
                    {move || usage().unwrap_or_else(|| "Checking…".to_owned())}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Kept permanently"</dt>
                <dd class="govuk-summary-list__value" data-testid="storage-persisted">
                    {move || persisted().unwrap_or("Checking…")}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"App version"</dt>
                <dd class="govuk-summary-list__value" data-testid="app-version">
                    {move || match version.get() {
                        None => "Checking…".to_owned(),
                        Some(Some(v)) => v,
                        Some(None) => "Not installed for offline use yet".to_owned(),
                    }}
                </dd>
            </div>
        </dl>
        <h2 class="govuk-heading-m">"Install Quorum"</h2>
        <p class="govuk-body">
            "Installed, Quorum opens from your home screen or desktop and starts without a network. "
            "If your browser offers it, use the button below or the browser's own install option."
        </p>
        <InstallButton />
    }
}

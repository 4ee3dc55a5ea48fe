//! The installable app: service worker with safe updates, the install button, durable
//! storage. The browser APIs are called from `pwa.js`; this module holds their state in
//! signals for the components ([`UpdateBanner`], [`InstallButton`]) and the settings page.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/pwa.js")]
extern "C" {
    #[wasm_bindgen(js_name = registerServiceWorker)]
    fn register_service_worker(update_ready: &JsValue);
    #[wasm_bindgen(js_name = applyUpdate)]
    fn apply_update();
    #[wasm_bindgen(js_name = watchInstall)]
    fn watch_install(change: &JsValue);
    #[wasm_bindgen(js_name = promptInstall)]
    async fn prompt_install() -> JsValue;
    #[wasm_bindgen(js_name = requestPersistOnce)]
    fn request_persist_once_js();
    #[wasm_bindgen(js_name = storageInfo)]
    async fn storage_info_js() -> JsValue;
    #[wasm_bindgen(js_name = appVersion)]
    async fn app_version_js() -> JsValue;
}

/// Signals of the installable app, provided in context by [`provide_pwa`].
#[derive(Debug, Clone, Copy)]
pub struct Pwa {
    /// A new version has installed and waits for the person to reload.
    pub update_ready: RwSignal<bool>,
    /// The browser offers installation (`beforeinstallprompt` fired).
    pub install_available: RwSignal<bool>,
}

/// Registers the service worker and starts watching for updates and installability.
pub fn provide_pwa() -> Pwa {
    let pwa = Pwa {
        update_ready: RwSignal::new(false),
        install_available: RwSignal::new(false),
    };
    provide_context(pwa);
    if web_sys::window().is_some() {
        let ready = Closure::<dyn Fn()>::new(move || pwa.update_ready.set(true));
        register_service_worker(&ready.into_js_value());
        let install = Closure::<dyn Fn(bool)>::new(move |on: bool| pwa.install_available.set(on));
        watch_install(&install.into_js_value());
    }
    pwa
}

pub fn use_pwa() -> Pwa {
    use_context::<Pwa>().expect("provide_pwa() in App")
}

/// Asks the browser, once per page load, to keep this site's storage (called after a save).
pub fn request_persist_once() {
    if web_sys::window().is_some() {
        request_persist_once_js();
    }
}

/// What the browser says about this site's storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageInfo {
    pub usage: Option<f64>,
    pub quota: Option<f64>,
    pub persisted: bool,
}

pub async fn storage_info() -> StorageInfo {
    let v = storage_info_js().await;
    let arr = js_sys::Array::from(&v);
    let num = |i: u32| arr.get(i).as_f64().filter(|n| *n >= 0.0);
    StorageInfo {
        usage: num(0),
        quota: num(1),
        persisted: arr.get(2).as_bool().unwrap_or(false),
    }
}

/// The build version of the service worker controlling the page, if any.
pub async fn app_version() -> Option<String> {
    app_version_js().await.as_string().filter(|s| !s.is_empty())
}

/// Bytes in words: "512 bytes", "1.5 KB", "12.3 MB", "2.0 GB" (powers of 1,000 as browsers show).
pub fn format_bytes(bytes: f64) -> String {
    if bytes < 1_000.0 {
        format!("{bytes:.0} bytes")
    } else if bytes < 1_000_000.0 {
        format!("{:.1} KB", bytes / 1_000.0)
    } else if bytes < 1_000_000_000.0 {
        format!("{:.1} MB", bytes / 1_000_000.0)
    } else {
        format!("{:.1} GB", bytes / 1_000_000_000.0)
    }
}

/// GOV.UK notification banner: "A new version is available — Reload". Nothing reloads until
/// the person clicks, so an edit in progress is never lost to an update.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let pwa = use_pwa();
    view! {
        <Show when=move || pwa.update_ready.get()>
            <div
                class="govuk-notification-banner"
                role="region"
                aria-labelledby="app-update-banner-title"
                data-testid="update-banner"
            >
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="app-update-banner-title">
                        "Important"
                    </h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">
                        "A new version is available — "
                        <button
                            type="button"
                            class="app-link-button govuk-notification-banner__link"
                            data-testid="update-reload"
                            on:click=move |_| apply_update()
                        >
                            "Reload"
                        </button>
                    </p>
                    <p class="govuk-body">"Your changes are saved on this device before the page reloads."</p>
                </div>
            </div>
        </Show>
    }
}

/// "Install app", shown only while the browser offers installation.
#[component]
pub fn InstallButton() -> impl IntoView {
    let pwa = use_pwa();
    view! {
        <Show when=move || pwa.install_available.get()>
            <button
                type="button"
                class="govuk-button govuk-button--secondary app-install-button"
                data-testid="install-app"
                on:click=move |_| {
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = prompt_install().await;
                    })
                }
            >
                "Install app"
            </button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::format_bytes;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn bytes_in_words() {
        assert_eq!(format_bytes(512.0), "512 bytes");
        assert_eq!(format_bytes(1_500.0), "1.5 KB");
        assert_eq!(format_bytes(12_345_678.0), "12.3 MB");
        assert_eq!(format_bytes(2_000_000_000.0), "2.0 GB");
    }
}

//! The structure chart: who reports to whom, drawn to fit the width it has (the layout is
//! `domain::model::chart_layout_to_fit`). The list of groups beside it is the accessible
//! equivalent, so the drawing is hidden from assistive technology.

use domain::model::{chart_layout_to_fit, wrap_name, ChartGroup, CHART_BOX_H, CHART_BOX_W};
use leptos::{ev, html, prelude::*};
use send_wrapper::SendWrapper;

/// How wide the chart is drawn before the page has been measured (the desktop column).
const DEFAULT_WIDTH: f64 = 960.0;

#[component]
pub fn StructureChart(groups: Signal<Vec<ChartGroup>>) -> impl IntoView {
    let holder = NodeRef::<html::Div>::new();
    let width = RwSignal::new(DEFAULT_WIDTH);
    let measure = move || {
        if let Some(el) = holder.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 && (w - width.get_untracked()).abs() >= 1.0 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        let _ = holder.get();
        groups.track();
        request_animation_frame(measure);
    });
    let handle = SendWrapper::new(window_event_listener(ev::resize, move |_| measure()));
    on_cleanup(move || handle.take().remove());

    let chart = Memo::new(move |_| groups.with(|gs| chart_layout_to_fit(gs, width.get())));
    let drawing = move || {
        let c = chart.get();
        let (w, h) = c.size();
        let lines = (0..c.lines.len())
            .map(|k| {
                let further = c.lines[k].further;
                view! {
                    <path d=c.path(k) fill="none" stroke="#505a5f" stroke-width=if further { "2" } else { "1.5" }
                        stroke-dasharray=if further { "6 4" } else { "none" }
                        class="app-chart__line" data-further=further.to_string() />
                }
            })
            .collect_view();
        let boxes = (0..c.nodes.len())
            .map(|i| {
                let n = &c.nodes[i];
                let (x, y) = c.position(i);
                let text = wrap_name(&n.name, 30, 2);
                let first = y + CHART_BOX_H / 2.0 - (text.len() as f64 - 1.0) * 8.0 + 4.5;
                view! {
                    <g data-joint=n.joint.to_string()>
                        <rect x=x y=y width=CHART_BOX_W height=CHART_BOX_H rx="3"
                            fill=if n.joint { "#f3f2f1" } else { "#ffffff" } stroke="#0b0c0c"
                            stroke-width=if n.joint { "2.5" } else { "1.5" }
                            stroke-dasharray=if n.joint { "6 3" } else { "none" } />
                        {text.into_iter().enumerate().map(|(k, line)| view! {
                            <text x=x + 8.0 y=first + k as f64 * 16.0 font-size="13" fill="#0b0c0c">{line}</text>
                        }).collect_view()}
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg class="app-chart__svg" viewBox=format!("0 0 {w} {h}") width=w height=h aria-hidden="true" focusable="false">
                {lines}
                {boxes}
            </svg>
        }
    };
    view! {
        <figure class="app-chart" data-testid="structure-chart" hidden=move || groups.with(Vec::is_empty)>
            <figcaption class="govuk-body app-hint">
                "Structure: each group sits under the group it reports to. A dashed line shows a further reporting line ("
                <q>"also reports to"</q>"); a grey box with a dashed border is a joint group, shared with another partnership."
            </figcaption>
            <div class="app-chart__fit" node_ref=holder>{drawing}</div>
        </figure>
    }
}

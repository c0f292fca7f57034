//! The console's list of resources: a table with a caption, column headers, one row
//! per resource and a line for an empty list. Rows are keyed by their content, so a
//! resource that did not change keeps its DOM (and focus) when another one does.

use std::hash::Hash;
use std::sync::Arc;

use cloudlab_course::Lang;
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;

use crate::i18n::tr;
use crate::state::use_app;

/// Draws one cell.
pub type Cell<T> = Arc<dyn Fn(&T) -> AnyView + Send + Sync>;

/// Draws the row under a resource (its actions), if it has one.
pub type Below<T> = Arc<dyn Fn(&T) -> Option<AnyView> + Send + Sync>;

/// A data attribute of a row (`data-instance`) and how to read its value from the row.
pub type RowData<T> = (&'static str, fn(&T) -> String);

/// Tells whether a row is the selected one.
pub type IsCurrent<T> = Arc<dyn Fn(&T) -> bool + Send + Sync>;

/// One column of a [`ResourceTable`].
pub struct Column<T> {
    header: (&'static str, &'static str),
    header_hidden: bool,
    class: &'static str,
    row_header: bool,
    cell: Cell<T>,
}

impl<T> Column<T> {
    /// A column headed `en` / `ko` whose cells `cell` draws.
    pub fn new<V: IntoView + 'static>(
        en: &'static str,
        ko: &'static str,
        cell: impl Fn(&T) -> V + Send + Sync + 'static,
    ) -> Self {
        Column {
            header: (en, ko),
            header_hidden: false,
            class: "py-1 pr-3",
            row_header: false,
            cell: Arc::new(move |row| cell(row).into_any()),
        }
    }

    /// The classes of the column's cells (the default is only padding).
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }

    /// The cells head their rows (`<th scope="row">`): the resource's name.
    pub fn row_header(mut self) -> Self {
        self.row_header = true;
        self
    }

    /// The header is for screen readers only (a column of buttons).
    pub fn header_hidden(mut self) -> Self {
        self.header_hidden = true;
        self
    }
}

/// A table of resources.
#[component]
pub fn ResourceTable<T>(
    /// The resources, one row each.
    #[prop(into)]
    rows: Signal<Vec<T>>,
    /// The data attribute that names a row's resource, and its value
    /// (`("data-instance", |i| i.id.clone())`).
    row_id: RowData<T>,
    /// A second data attribute for a row's state (`("data-status", ...)`), if any.
    #[prop(optional)]
    row_state: Option<RowData<T>>,
    /// The columns, in order.
    columns: Vec<Column<T>>,
    /// What the table lists, for screen readers, in English and Korean.
    caption: (&'static str, &'static str),
    /// What an empty list says, in English and Korean.
    empty: (&'static str, &'static str),
    /// The table's test id.
    #[prop(optional)]
    test_id: Option<&'static str>,
    /// A full-width row drawn under each resource (its actions), if any.
    #[prop(optional)]
    below: Option<Below<T>>,
    /// Whether a row is the one selected (`aria-current`).
    #[prop(optional)]
    current: Option<IsCurrent<T>>,
) -> impl IntoView
where
    T: Clone + Eq + Hash + Send + Sync + 'static,
{
    let app = use_app();
    let lang = move || app.lang();
    let width = columns.len().to_string();
    let headers = columns
        .iter()
        .map(|c| {
            let (en, ko) = c.header;
            let text = move || tr(lang(), en, ko);
            if c.header_hidden {
                view! { <th scope="col" class="py-1"><span class="sr-only">{text}</span></th> }
                    .into_any()
            } else {
                // Korean headers break between words, not between syllables.
                view! { <th scope="col" class="break-keep py-1 pr-3">{text}</th> }.into_any()
            }
        })
        .collect_view();
    let columns = Arc::new(columns);
    let empty_width = width.clone();
    // A language switch redraws every row: the key carries the language.
    let keyed = move || {
        let lang = lang();
        rows.get()
            .into_iter()
            .map(|row| (lang, row))
            .collect::<Vec<(Lang, T)>>()
    };
    let draw = move |(_, row): (Lang, T)| {
        let cells = columns
            .iter()
            .map(|c| {
                let content = (c.cell)(&row);
                if c.row_header {
                    view! { <th scope="row" class=format!("{} text-left font-medium", c.class)>{content}</th> }
                        .into_any()
                } else {
                    view! { <td class=c.class>{content}</td> }.into_any()
                }
            })
            .collect_view();
        let selected = current.clone().map(|is_current| {
            let row = row.clone();
            move || is_current(&row).then_some("true")
        });
        let (attribute, id) = row_id;
        let state = row_state.map(|(name, state)| (name, state(&row)));
        let line = view! {
            <tr class="border-b border-slate-100 align-top dark:border-slate-800" aria-current=selected>
                {cells}
            </tr>
        }
        .add_any_attr(custom_attribute(attribute, id(&row)))
        .add_any_attr(custom_attribute(
            state.as_ref().map_or("data-state", |(name, _)| *name),
            state.map(|(_, value)| value),
        ));
        let under = below.as_ref().and_then(|below| below(&row)).map(|content| {
            view! {
                <tr class="border-b border-slate-200 dark:border-slate-700">
                    <td colspan=width.clone() class="pb-2">{content}</td>
                </tr>
            }
        });
        view! { {line} {under} }
    };
    view! {
        <div class="mt-3 overflow-x-auto">
            <table class="w-full text-left text-sm" data-testid=test_id>
                <caption class="sr-only">{move || tr(lang(), caption.0, caption.1)}</caption>
                <thead class="border-b border-slate-300 dark:border-slate-600">
                    <tr>{headers}</tr>
                </thead>
                <tbody>
                    <Show when=move || rows.with(Vec::is_empty)>
                        <tr>
                            <td colspan=empty_width.clone() class="py-3 text-slate-600 dark:text-slate-400">
                                {move || tr(lang(), empty.0, empty.1)}
                            </td>
                        </tr>
                    </Show>
                    <For each=keyed key=|row| row.clone() children=draw />
                </tbody>
            </table>
        </div>
    }
}

//! RDS → Databases: each DB instance with its status, engine, class,
//! endpoint, zones (the standby's for Multi-AZ), role (a replica and how far
//! behind it is) and security groups; a form to reboot (failing over for
//! Multi-AZ) and one to take a snapshot; the snapshots; and what each
//! instance's databases hold, so a replica catching up or a restore can be
//! seen.

use cloudlab_model::rds::modify::RebootDbInstanceInput;
use cloudlab_model::rds::snapshots::CreateDbSnapshotInput;
use leptos::prelude::*;

use crate::console::action_status::ActionStatus;
use crate::console::console_action::use_console_action;
use crate::console::lab_signal::from_cloud;
use crate::console::resource_table::{Column, ResourceTable};
use crate::console::{INPUT_CLASS, PRIMARY_BUTTON};
use crate::i18n::tr;
use crate::state::use_app;

/// One DB instance.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct InstanceRow {
    id: String,
    status: String,
    engine: String,
    class: String,
    endpoint: Option<String>,
    zone: String,
    standby_zone: Option<String>,
    replica_of: Option<String>,
    lag_seconds: Option<u64>,
    restored_from: Option<String>,
    groups: String,
}

/// One snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct SnapshotRow {
    id: String,
    instance: String,
    manual: bool,
    status: String,
    created: String,
}

/// One table of one database of one instance.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TableRow {
    id: String,
    instance: String,
    table: String,
    columns: String,
    rows: usize,
}

/// The RDS databases page of the console.
#[component]
pub fn DatabasesPanel(
    /// Chapter whose lab this is.
    chapter: u32,
) -> impl IntoView {
    let app = use_app();
    let lang = move || app.lang();
    let action = use_console_action(chapter);
    let instances = from_cloud(chapter, |cloud| {
        cloud
            .db_instances()
            .iter()
            .map(|i| InstanceRow {
                id: i.identifier.clone(),
                status: i.status.clone(),
                engine: format!("{} {}", i.engine, i.engine_version),
                class: i.class.clone(),
                endpoint: i.has_endpoint().then(|| cloud.db_endpoint(i)),
                zone: i.zone.clone(),
                standby_zone: i.secondary_zone.clone(),
                replica_of: i.replica_of.clone(),
                lag_seconds: cloud.replica_lag(i).map(|d| d.as_secs()),
                restored_from: i.restored_from.clone(),
                groups: i.security_groups.join(", "),
            })
            .collect::<Vec<_>>()
    });
    let snapshots = from_cloud(chapter, |cloud| {
        let mut rows: Vec<SnapshotRow> = cloud
            .db_snapshots()
            .iter()
            .map(|s| SnapshotRow {
                id: s.identifier.clone(),
                instance: s.instance.clone(),
                manual: s.manual,
                status: s.status.clone(),
                created: s.created.to_iso8601(),
            })
            .collect();
        rows.reverse();
        rows
    });
    let tables = from_cloud(chapter, |cloud| {
        cloud
            .db_instances()
            .iter()
            .flat_map(|i| {
                i.data.databases.iter().flat_map(move |(db, schema)| {
                    schema.tables.iter().map(move |(name, table)| TableRow {
                        id: format!("{}/{db}.{name}", i.identifier),
                        instance: i.identifier.clone(),
                        table: format!("{db}.{name}"),
                        columns: table
                            .columns
                            .iter()
                            .map(|c| c.name.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                        rows: table.rows.len(),
                    })
                })
            })
            .collect::<Vec<_>>()
    });

    let target = RwSignal::new(String::new());
    let failover = RwSignal::new(false);
    let snapshot_name = RwSignal::new(String::new());
    let chosen = move || {
        let picked = target.get_untracked();
        if picked.is_empty() {
            instances
                .get_untracked()
                .first()
                .map(|i| i.id.clone())
                .unwrap_or_default()
        } else {
            picked
        }
    };
    let reboot = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = chosen();
        let input = RebootDbInstanceInput {
            db_instance_identifier: id.clone(),
            force_failover: Some(failover.get_untracked()),
        };
        action.run_and_say(("Rebooting", "재부팅 중:"), id, move |lab| {
            lab.cloud.reboot_db_instance(input)
        });
    };
    let snapshot = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateDbSnapshotInput {
            db_snapshot_identifier: snapshot_name.get_untracked(),
            db_instance_identifier: chosen(),
        };
        let name = input.db_snapshot_identifier.clone();
        action.run_and_say(
            ("Taking snapshot", "스냅샷을 만드는 중:"),
            name,
            move |lab| lab.cloud.create_db_snapshot(input),
        );
    };

    let instance_columns = vec![
        Column::new("DB identifier", "DB 식별자", |r: &InstanceRow| {
            r.id.clone()
        })
        .class("whitespace-nowrap py-1 pr-3 font-mono text-xs")
        .row_header(),
        Column::new("Status", "상태", |r: &InstanceRow| r.status.clone()),
        Column::new("Role", "역할", move |r: &InstanceRow| {
            let (source, lag, restored) =
                (r.replica_of.clone(), r.lag_seconds, r.restored_from.clone());
            move || match (&source, &restored) {
                (Some(source), _) => format!(
                    "{} {source}, {} {} s",
                    tr(lang(), "replica of", "복제본, 원본"),
                    tr(lang(), "behind by", "지연"),
                    lag.unwrap_or(0)
                ),
                (None, Some(from)) => {
                    format!("{} {from}", tr(lang(), "restored from", "복원 원본"))
                }
                (None, None) => tr(lang(), "primary", "기본").to_string(),
            }
        })
        .class("break-keep py-1 pr-3"),
        Column::new("Zone", "영역", move |r: &InstanceRow| {
            let (zone, standby) = (r.zone.clone(), r.standby_zone.clone());
            move || match &standby {
                Some(s) => format!("{zone} ({} {s})", tr(lang(), "standby in", "대기:")),
                None => zone.clone(),
            }
        })
        .class("break-keep py-1 pr-3"),
        Column::new("Endpoint", "엔드포인트", move |r: &InstanceRow| {
            let endpoint = r.endpoint.clone();
            move || {
                endpoint
                    .clone()
                    .unwrap_or_else(|| tr(lang(), "(once created)", "(생성된 뒤)").to_string())
            }
        })
        .class("py-1 pr-3 font-mono text-xs break-all"),
        Column::new(
            "Engine and class",
            "엔진과 클래스",
            |r: &InstanceRow| format!("{} · {}", r.engine, r.class),
        )
        .class("whitespace-nowrap py-1 pr-3"),
        Column::new("Security groups", "보안 그룹", |r: &InstanceRow| {
            r.groups.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
    ];
    let snapshot_columns = vec![
        Column::new("Snapshot", "스냅샷", |r: &SnapshotRow| r.id.clone())
            .class("py-1 pr-3 font-mono text-xs")
            .row_header(),
        Column::new("DB instance", "DB 인스턴스", |r: &SnapshotRow| {
            r.instance.clone()
        })
        .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Type", "유형", move |r: &SnapshotRow| {
            let manual = r.manual;
            move || {
                if manual {
                    tr(
                        lang(),
                        "manual: kept until you delete it",
                        "수동: 지울 때까지 남아요",
                    )
                } else {
                    tr(
                        lang(),
                        "automated: goes with the instance",
                        "자동: 인스턴스와 함께 사라져요",
                    )
                }
            }
        }),
        Column::new("Status", "상태", |r: &SnapshotRow| r.status.clone()),
        Column::new("Created", "생성", |r: &SnapshotRow| r.created.clone())
            .class("py-1 pr-3 text-xs"),
    ];
    let table_columns = vec![
        Column::new("DB instance", "DB 인스턴스", |r: &TableRow| {
            r.instance.clone()
        })
        .class("py-1 pr-3 font-mono text-xs")
        .row_header(),
        Column::new("Table", "테이블", |r: &TableRow| r.table.clone())
            .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Columns", "열", |r: &TableRow| r.columns.clone())
            .class("py-1 pr-3 font-mono text-xs"),
        Column::new("Rows", "행", |r: &TableRow| r.rows.to_string()),
    ];

    view! {
        <section aria-labelledby="databases-title" data-testid="databases-panel">
            <h3 id="databases-title" class="text-lg font-semibold">{move || tr(lang(), "Databases", "데이터베이스")}</h3>
            <p class="text-sm text-slate-600 dark:text-slate-300">
                {move || tr(lang(), "A Multi-AZ instance keeps its endpoint when it fails over; a replica and a restored instance each have their own.", "다중 AZ 인스턴스는 장애 조치 뒤에도 엔드포인트가 그대로예요. 복제본과 복원한 인스턴스는 저마다 자기 엔드포인트가 있어요.")}
            </p>
            <ResourceTable
                rows=instances
                row_id=("data-db-instance", |r: &InstanceRow| r.id.clone())
                row_state=("data-status", |r: &InstanceRow| r.status.clone())
                columns=instance_columns
                caption=("Your DB instances", "내 DB 인스턴스")
                empty=("No DB instances.", "DB 인스턴스가 없습니다.")
                test_id="db-instances-table"
            />
            <div class="mt-3 grid gap-3 lg:grid-cols-2">
                <form class="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=reboot>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "DB instance", "DB 인스턴스")}</span>
                        <select class=INPUT_CLASS name="db-instance" on:change=move |ev| target.set(event_target_value(&ev))>
                            {move || instances.get().into_iter().map(|i| view! { <option value=i.id.clone()>{i.id.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="force-failover" prop:checked=failover on:change=move |ev| failover.set(event_target_checked(&ev)) />
                        <span>{move || tr(lang(), "Reboot with failover (Multi-AZ only)", "장애 조치와 함께 재부팅(다중 AZ만)")}</span>
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="reboot-db" disabled=move || instances.get().is_empty()>
                        {move || tr(lang(), "Reboot", "재부팅")}
                    </button>
                </form>
                <form class="grid gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" on:submit=snapshot>
                    <label class="text-sm">
                        <span class="font-medium">{move || tr(lang(), "Snapshot name (of the instance chosen on the left)", "스냅샷 이름(왼쪽에서 고른 인스턴스)")}</span>
                        <input class=INPUT_CLASS name="snapshot-name" prop:value=snapshot_name on:input=move |ev| snapshot_name.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class=PRIMARY_BUTTON data-testid="take-db-snapshot" disabled=move || instances.get().is_empty()>
                        {move || tr(lang(), "Take snapshot", "스냅샷 만들기")}
                    </button>
                </form>
            </div>
            <ActionStatus action done_test_id="db-action-done" />
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "Snapshots", "스냅샷")}</h4>
            <ResourceTable
                rows=snapshots
                row_id=("data-db-snapshot", |r: &SnapshotRow| r.id.clone())
                row_state=("data-status", |r: &SnapshotRow| r.status.clone())
                columns=snapshot_columns
                caption=("DB snapshots, newest first", "DB 스냅샷, 최신순")
                empty=("No DB snapshots.", "DB 스냅샷이 없습니다.")
                test_id="db-snapshots-table"
            />
            <h4 class="mt-4 font-semibold">{move || tr(lang(), "What the databases hold", "데이터베이스에 든 것")}</h4>
            <ResourceTable
                rows=tables
                row_id=("data-db-table", |r: &TableRow| r.id.clone())
                columns=table_columns
                caption=("Tables and their rows, per DB instance", "DB 인스턴스별 테이블과 행 수")
                empty=("No tables yet. Create them with the mysql client.", "아직 테이블이 없습니다. mysql 클라이언트로 만드세요.")
                test_id="db-tables-table"
            />
        </section>
    }
}

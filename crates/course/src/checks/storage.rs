//! AMI and EBS checks (chapter 7): an image of your own, an instance launched from
//! it, its copy serving in another region, a data volume attached and mounted, a
//! snapshot of it and a volume restored from that snapshot.

use cloudlab_model::Cloud;
use cloudlab_model::ec2::Volume;

use crate::checks::{CheckOutcome, page_served};
use crate::checks::{fail, pass};
use crate::inspect;

/// The account in `region` (the lab's own when `None`).
fn in_region<'a>(cloud: &'a Cloud, region: Option<&str>) -> Option<&'a Cloud> {
    match region {
        None => Some(cloud),
        Some(code) if code == cloud.region().code => Some(cloud),
        Some(code) => cloud.other_region(code),
    }
}

/// One of the account's images is named `name` and `available`.
pub(super) fn own_image(cloud: &Cloud, name: &str) -> CheckOutcome {
    match cloud.own_images().iter().find(|i| i.name == name) {
        Some(i) if i.state == "available" => pass(
            format!("{} ({name}) is available to launch.", i.image_id),
            format!("{}({name})을(를) 시작할 수 있어요.", i.image_id),
        ),
        Some(i) => fail(
            format!(
                "{} ({name}) is still {}: its snapshots are being taken. Wait with `aws ec2 wait image-available --image-ids {}`.",
                i.image_id, i.state, i.image_id
            ),
            format!(
                "{}({name})은(는) 아직 {} 상태예요. 스냅샷을 만드는 중이에요. `aws ec2 wait image-available --image-ids {}`로 기다리세요.",
                i.image_id, i.state, i.image_id
            ),
        ),
        None => {
            let others: Vec<&str> = cloud.own_images().iter().map(|i| i.name.as_str()).collect();
            let (en, ko) = if others.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(" Your images: {}.", others.join(", ")),
                    format!(" 내 이미지: {}.", others.join(", ")),
                )
            };
            fail(
                format!("You have no image named {name}.{en}"),
                format!("{name}(이)라는 이미지가 없어요.{ko}"),
            )
        }
    }
}

/// A live instance tagged `tag_key=tag_value` was launched from one of your images.
pub(super) fn launched_from_own_image(
    cloud: &Cloud,
    tag_key: &str,
    tag_value: &str,
) -> CheckOutcome {
    let targets = inspect::live_instances_tagged(cloud, tag_key, tag_value);
    let Some(first) = targets.first() else {
        return fail(
            format!("No pending or running instance is tagged {tag_key}={tag_value}."),
            format!("{tag_key}={tag_value} 태그가 붙은 대기 중이거나 실행 중인 인스턴스가 없어요."),
        );
    };
    match targets.iter().find(|i| {
        cloud
            .own_images()
            .iter()
            .any(|img| img.image_id == i.image_id)
    }) {
        Some(i) => pass(
            format!("{} was launched from your image {}.", i.id, i.image_id),
            format!("{}은(는) 내 이미지 {}에서 시작됐어요.", i.id, i.image_id),
        ),
        None => fail(
            format!(
                "{} was launched from {}, a public AMI, not from one of your images.",
                first.id, first.image_id
            ),
            format!(
                "{}은(는) 내 이미지가 아니라 공개 AMI {}에서 시작됐어요.",
                first.id, first.image_id
            ),
        ),
    }
}

/// In `region`, an instance launched from an image copied there serves its page.
pub(super) fn image_copy_serves(cloud: &Cloud, region: &str) -> CheckOutcome {
    let Some(there) = in_region(cloud, Some(region)) else {
        return fail(
            format!("Nothing has been created in {region} yet: copy the image there first."),
            format!("아직 {region}에 만든 것이 없어요. 먼저 이미지를 그곳으로 복사하세요."),
        );
    };
    let copies: Vec<&str> = there
        .own_images()
        .iter()
        .map(|i| i.image_id.as_str())
        .collect();
    if copies.is_empty() {
        return fail(
            format!(
                "No image of yours is in {region} yet: `aws ec2 copy-image --region {region} ...`."
            ),
            format!(
                "아직 {region}에 내 이미지가 없어요. `aws ec2 copy-image --region {region} ...`을 쓰세요."
            ),
        );
    }
    let launched: Vec<_> = inspect::instances(there)
        .into_iter()
        .filter(|i| i.is_live() && copies.contains(&i.image_id.as_str()))
        .collect();
    let Some(first) = launched.first() else {
        return fail(
            format!(
                "The copy {} is in {region}, but no instance there runs from it.",
                copies.join(", ")
            ),
            format!(
                "복사본 {}은(는) {region}에 있지만, 그것으로 실행 중인 인스턴스가 없어요.",
                copies.join(", ")
            ),
        );
    };
    let mut last = None;
    for instance in &launched {
        let outcome = page_served(cloud, instance, 80, None);
        if outcome.passed {
            return pass(
                format!(
                    "{} in {region}, launched from the copy, serves the page.",
                    instance.id
                ),
                format!(
                    "복사본으로 시작한 {region}의 {}이(가) 페이지를 제공해요.",
                    instance.id
                ),
            );
        }
        last = Some(outcome);
    }
    last.unwrap_or_else(|| page_served(cloud, first, 80, None))
}

fn data_volumes_of<'a>(cloud: &'a Cloud, instance_id: &str) -> Vec<&'a Volume> {
    let Some(instance) = cloud.instance(instance_id) else {
        return Vec::new();
    };
    cloud
        .volumes()
        .iter()
        .filter(|v| {
            v.attachment
                .as_ref()
                .is_some_and(|a| a.instance_id == instance_id && a.state == "attached")
                && !v.is_root_of(instance)
        })
        .collect()
}

/// A data volume (not the root) of `volume_type` and at least `size_gib` is
/// attached to the tagged instance.
pub(super) fn volume_attached(
    cloud: &Cloud,
    tag_key: &str,
    tag_value: &str,
    volume_type: &str,
    size_gib: u32,
) -> CheckOutcome {
    let targets = inspect::live_instances_tagged(cloud, tag_key, tag_value);
    let Some(instance) = targets.first() else {
        return fail(
            format!("No pending or running instance is tagged {tag_key}={tag_value}."),
            format!("{tag_key}={tag_value} 태그가 붙은 대기 중이거나 실행 중인 인스턴스가 없어요."),
        );
    };
    let attached = data_volumes_of(cloud, &instance.id);
    if let Some(v) = attached
        .iter()
        .find(|v| v.volume_type == volume_type && v.size_gib >= size_gib)
    {
        let device = v
            .attachment
            .as_ref()
            .map(|a| a.device.clone())
            .unwrap_or_default();
        return pass(
            format!(
                "{} ({} GiB {}) is attached to {} as {device}, in {}.",
                v.volume_id, v.size_gib, v.volume_type, instance.id, v.availability_zone
            ),
            format!(
                "{}({} GiB {})이(가) {}에 {device}(으)로 연결됐어요. 영역은 {}예요.",
                v.volume_id, v.size_gib, v.volume_type, instance.id, v.availability_zone
            ),
        );
    }
    if let Some(v) = attached.first() {
        return fail(
            format!(
                "{} is attached, but it is {} GiB {}; the task asks for {volume_type} of at least {size_gib} GiB.",
                v.volume_id, v.size_gib, v.volume_type
            ),
            format!(
                "{}이(가) 연결됐지만 {} GiB {}예요. 과제는 {size_gib} GiB 이상의 {volume_type}이에요.",
                v.volume_id, v.size_gib, v.volume_type
            ),
        );
    }
    let zone = cloud
        .instance(&instance.id)
        .map(|i| i.availability_zone.clone())
        .unwrap_or_default();
    let elsewhere: Vec<String> = cloud
        .volumes()
        .iter()
        .filter(|v| v.attachment.is_none() && v.availability_zone != zone)
        .map(|v| format!("{} ({})", v.volume_id, v.availability_zone))
        .collect();
    let (en, ko) = if elsewhere.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                " These volumes are in another Availability Zone and cannot attach to it: {}.",
                elsewhere.join(", ")
            ),
            format!(
                " 다음 볼륨은 다른 가용 영역에 있어서 연결할 수 없어요: {}.",
                elsewhere.join(", ")
            ),
        )
    };
    fail(
        format!(
            "No data volume is attached to {} (in {zone}).{en}",
            instance.id
        ),
        format!("{}({zone})에 연결된 데이터 볼륨이 없어요.{ko}", instance.id),
    )
}

/// The tagged instance's OS has a data volume's file system mounted at `mount_point`.
pub(super) fn volume_mounted(
    cloud: &Cloud,
    tag_key: &str,
    tag_value: &str,
    mount_point: &str,
) -> CheckOutcome {
    let targets = inspect::live_instances_tagged(cloud, tag_key, tag_value);
    let Some(instance) = targets.first() else {
        return fail(
            format!("No pending or running instance is tagged {tag_key}={tag_value}."),
            format!("{tag_key}={tag_value} 태그가 붙은 대기 중이거나 실행 중인 인스턴스가 없어요."),
        );
    };
    let devices = cloud.block_devices(&instance.id);
    if let Some(d) = devices
        .iter()
        .find(|d| d.mount_point.as_deref() == Some(mount_point))
    {
        return pass(
            format!(
                "/dev/{} ({}) is mounted at {mount_point} on {}.",
                d.name,
                d.fs_type.clone().unwrap_or_default(),
                instance.id
            ),
            format!(
                "{}의 {mount_point}에 /dev/{}({})이(가) 마운트됐어요.",
                instance.id,
                d.name,
                d.fs_type.clone().unwrap_or_default()
            ),
        );
    }
    let data: Vec<_> = devices
        .iter()
        .filter(|d| d.root_partition.is_none())
        .collect();
    let (en, ko) = match data.first() {
        None => (
            "no data volume is attached yet".to_string(),
            "아직 연결된 데이터 볼륨이 없어요".to_string(),
        ),
        Some(d) if d.fs_type.is_none() => (
            format!(
                "/dev/{} has no file system yet: make one with mkfs first",
                d.name
            ),
            format!(
                "/dev/{}에 아직 파일 시스템이 없어요. 먼저 mkfs로 만드세요",
                d.name
            ),
        ),
        Some(d) => (
            format!(
                "/dev/{} has a {} file system but is not mounted there",
                d.name,
                d.fs_type.clone().unwrap_or_default()
            ),
            format!(
                "/dev/{}에 {} 파일 시스템이 있지만 그곳에 마운트되지 않았어요",
                d.name,
                d.fs_type.clone().unwrap_or_default()
            ),
        ),
    };
    fail(
        format!(
            "Nothing is mounted at {mount_point} on {}: {en}.",
            instance.id
        ),
        format!(
            "{}의 {mount_point}에 마운트된 것이 없어요. {ko}.",
            instance.id
        ),
    )
}

/// A completed snapshot of a data volume (one with a file system) exists.
pub(super) fn data_snapshot(cloud: &Cloud) -> CheckOutcome {
    let ours: Vec<_> = cloud
        .snapshots()
        .iter()
        .filter(|s| s.filesystem.is_some())
        .collect();
    match ours.iter().find(|s| s.state == "completed") {
        Some(s) => pass(
            format!("{} of {} is completed.", s.snapshot_id, s.volume_id),
            format!(
                "{}의 스냅샷 {}이(가) 완료됐어요.",
                s.volume_id, s.snapshot_id
            ),
        ),
        None => match ours.first() {
            Some(s) => fail(
                format!(
                    "{} is still {}: wait with `aws ec2 wait snapshot-completed --snapshot-ids {}`.",
                    s.snapshot_id, s.state, s.snapshot_id
                ),
                format!(
                    "{}은(는) 아직 {} 상태예요. `aws ec2 wait snapshot-completed --snapshot-ids {}`로 기다리세요.",
                    s.snapshot_id, s.state, s.snapshot_id
                ),
            ),
            None => fail(
                "No snapshot of a data volume with a file system exists yet.".into(),
                "파일 시스템이 있는 데이터 볼륨의 스냅샷이 아직 없어요.".into(),
            ),
        },
    }
}

/// A volume restored from one of your data snapshots exists, in another
/// Availability Zone than the volume the snapshot was taken of.
pub(super) fn volume_restored(cloud: &Cloud) -> CheckOutcome {
    let source_zone = |snapshot_id: &str| {
        let snapshot = cloud
            .snapshots()
            .iter()
            .find(|s| s.snapshot_id == snapshot_id && s.filesystem.is_some())?;
        Some(
            cloud
                .volume(&snapshot.volume_id)
                .map(|v| v.availability_zone.clone()),
        )
    };
    let restored: Vec<(&Volume, Option<String>)> = cloud
        .volumes()
        .iter()
        .filter_map(|v| {
            let from = v.snapshot_id.as_deref()?;
            source_zone(from).map(|zone| (v, zone))
        })
        .collect();
    let moved = restored
        .iter()
        .find(|(v, zone)| zone.as_deref() != Some(v.availability_zone.as_str()));
    match (moved, restored.first()) {
        (Some((v, _)), _) => {
            let files = v.filesystem.as_ref().map_or(0, |f| f.files.len());
            pass(
                format!(
                    "{} was restored from {} in {} and holds {files} file(s).",
                    v.volume_id,
                    v.snapshot_id.clone().unwrap_or_default(),
                    v.availability_zone
                ),
                format!(
                    "{}은(는) {}에서 복원됐고({}) 파일 {files}개가 있어요.",
                    v.volume_id,
                    v.snapshot_id.clone().unwrap_or_default(),
                    v.availability_zone
                ),
            )
        }
        (None, Some((v, _))) => fail(
            format!(
                "{} was restored in {}, the same zone as the original volume: restore it into another zone.",
                v.volume_id, v.availability_zone
            ),
            format!(
                "{}은(는) 원래 볼륨과 같은 영역인 {}에 복원됐어요. 다른 영역에 복원하세요.",
                v.volume_id, v.availability_zone
            ),
        ),
        (None, None) => fail(
            "No volume has been created from your data snapshot yet: `aws ec2 create-volume --snapshot-id ...`.".into(),
            "아직 데이터 스냅샷으로 만든 볼륨이 없어요. `aws ec2 create-volume --snapshot-id ...`을 쓰세요.".into(),
        ),
    }
}

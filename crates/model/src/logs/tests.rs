//! CloudWatch Logs against the model: groups, streams, events in time order,
//! filter patterns and AWS's errors.

use super::*;

fn group(cloud: &mut Cloud, name: &str) {
    cloud
        .create_log_group(CreateLogGroupInput {
            log_group_name: name.into(),
        })
        .unwrap();
}

#[test]
fn groups_streams_and_events() {
    let mut cloud = Cloud::default();
    group(&mut cloud, "/app/web");
    let again = cloud.create_log_group(CreateLogGroupInput {
        log_group_name: "/app/web".into(),
    });
    assert_eq!(again.unwrap_err().code(), "ResourceAlreadyExistsException");
    let bad = cloud.create_log_group(CreateLogGroupInput {
        log_group_name: "a b".into(),
    });
    assert_eq!(bad.unwrap_err().code(), "InvalidParameterException");
    cloud
        .create_log_stream(CreateLogStreamInput {
            log_group_name: "/app/web".into(),
            log_stream_name: "i-1".into(),
        })
        .unwrap();
    let missing = cloud.put_log_events(PutLogEventsInput {
        log_group_name: "/app/web".into(),
        log_stream_name: "i-2".into(),
        log_events: vec![InputLogEvent {
            timestamp: 1,
            message: "x".into(),
        }],
    });
    assert_eq!(
        missing.unwrap_err().message(),
        "The specified log stream does not exist."
    );
    let out_of_order = cloud.put_log_events(PutLogEventsInput {
        log_group_name: "/app/web".into(),
        log_stream_name: "i-1".into(),
        log_events: vec![
            InputLogEvent {
                timestamp: 20,
                message: "b".into(),
            },
            InputLogEvent {
                timestamp: 10,
                message: "a".into(),
            },
        ],
    });
    assert_eq!(
        out_of_order.unwrap_err().code(),
        "InvalidParameterException"
    );
    cloud
        .put_log_events(PutLogEventsInput {
            log_group_name: "/app/web".into(),
            log_stream_name: "i-1".into(),
            log_events: vec![
                InputLogEvent {
                    timestamp: 10,
                    message: "GET / 200".into(),
                },
                InputLogEvent {
                    timestamp: 20,
                    message: "GET /missing 404".into(),
                },
                InputLogEvent {
                    timestamp: 30,
                    message: "ERROR disk full".into(),
                },
            ],
        })
        .unwrap();
    let last_two = cloud
        .get_log_events(GetLogEventsInput {
            log_group_name: "/app/web".into(),
            log_stream_name: "i-1".into(),
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        last_two
            .events
            .iter()
            .map(|e| e.timestamp)
            .collect::<Vec<_>>(),
        vec![20, 30]
    );
    let errors = cloud
        .filter_log_events(FilterLogEventsInput {
            log_group_name: "/app/web".into(),
            filter_pattern: Some("?ERROR ?404".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(errors.events.len(), 2);
    assert!(cloud.log_group_contains("/app/web", "disk full"));
    let retention = cloud.put_retention_policy(PutRetentionPolicyInput {
        log_group_name: "/app/web".into(),
        retention_in_days: 2,
    });
    assert_eq!(retention.unwrap_err().code(), "InvalidParameterException");
    cloud
        .put_retention_policy(PutRetentionPolicyInput {
            log_group_name: "/app/web".into(),
            retention_in_days: 7,
        })
        .unwrap();
    let listed = cloud
        .describe_log_groups(DescribeLogGroupsInput::default())
        .unwrap();
    assert_eq!(listed.log_groups[0].retention_in_days, Some(7));
    cloud
        .delete_log_group(DeleteLogGroupInput {
            log_group_name: "/app/web".into(),
        })
        .unwrap();
    assert!(cloud.log_groups().is_empty());
}

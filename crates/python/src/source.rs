//! From a deployment package and a handler setting to the module's source, with
//! the imports of the modules the lab provides itself (`boto3`, `time`) taken
//! out and their names handed to the module instead. Lines keep their numbers, so
//! tracebacks point at the learner's own lines.

use std::collections::BTreeMap;

/// A module the lab provides from the host side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HostModule {
    /// AWS's SDK, with the clients the labs use.
    Boto3,
    /// `time.sleep` and `time.time` on the invocation's clock.
    Time,
}

impl HostModule {
    /// The module's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            HostModule::Boto3 => "boto3",
            HostModule::Time => "time",
        }
    }

    fn named(name: &str) -> Option<HostModule> {
        match name {
            "boto3" => Some(HostModule::Boto3),
            "time" => Some(HostModule::Time),
            _ => None,
        }
    }
}

/// A name the module expects bound: a host module, or one of its functions
/// (`from time import sleep`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Binding {
    /// `import boto3` or `import boto3 as b`.
    Module(HostModule),
    /// `from time import sleep`: the module and the function's name.
    Function(HostModule, String),
}

/// The handler's module and function, and the source to run.
#[derive(Debug)]
pub(crate) struct LoadedModule {
    /// The module's name (`lambda_function`).
    pub module: String,
    /// The file's path in the package (`lambda_function.py`).
    pub file: String,
    /// The handler function's name.
    pub function: String,
    /// The source, with the host modules' imports blanked.
    pub source: String,
    /// The names to bind before the module runs.
    pub bindings: Vec<(String, Binding)>,
}

/// Why the handler could not be found, as the Python runtime reports it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LoadError {
    /// `Runtime.MalformedHandlerName`, `Runtime.ImportModuleError`.
    pub error_type: &'static str,
    /// The runtime's message.
    pub message: String,
}

/// Finds the handler's module in the package.
pub(crate) fn load(
    files: &BTreeMap<String, Vec<u8>>,
    handler: &str,
) -> Result<LoadedModule, LoadError> {
    let Some((module, function)) = handler.rsplit_once('.') else {
        return Err(LoadError {
            error_type: "Runtime.MalformedHandlerName",
            message: format!(
                "Bad handler '{handler}': not enough values to unpack (expected 2, got 1)"
            ),
        });
    };
    let file = format!("{}.py", module.replace('.', "/"));
    let not_found = || LoadError {
        error_type: "Runtime.ImportModuleError",
        message: format!("Unable to import module '{module}': No module named '{module}'"),
    };
    let bytes = files.get(&file).ok_or_else(not_found)?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| LoadError {
        error_type: "Runtime.UserCodeSyntaxError",
        message: format!(
            "Syntax error in module '{module}': (unicode error) 'utf-8' codec can't decode the file ({file}, line 1)"
        ),
    })?;
    let (source, bindings) = rewrite_imports(&text);
    Ok(LoadedModule {
        module: module.to_string(),
        file,
        function: function.to_string(),
        source,
        bindings,
    })
}

/// Blanks `import boto3`, `import boto3 as b`, `import json, time` (the host
/// modules only) and `from time import sleep` at any indentation, keeping the
/// line count, and says which names they bound.
fn rewrite_imports(text: &str) -> (String, Vec<(String, Binding)>) {
    let mut bindings = Vec::new();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, ending) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let indent = &body[..body.len() - body.trim_start().len()];
        let code = body.trim();
        let code = code.split('#').next().unwrap_or("").trim();
        let rewritten = if let Some(names) = code.strip_prefix("import ") {
            rewrite_import(names, &mut bindings)
        } else if let Some(rest) = code.strip_prefix("from ") {
            rewrite_from(rest, &mut bindings)
        } else {
            None
        };
        match rewritten {
            Some(kept) => {
                out.push_str(indent);
                out.push_str(if kept.is_empty() { "pass" } else { &kept });
                out.push_str(ending);
            }
            None => out.push_str(line),
        }
    }
    (out, bindings)
}

/// `import a, b as c`: the import of what is not a host module, or `None` to
/// keep the line as it is.
fn rewrite_import(names: &str, bindings: &mut Vec<(String, Binding)>) -> Option<String> {
    let mut kept = Vec::new();
    let mut found = false;
    for part in names.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let (module, alias) = match words.as_slice() {
            [module] => (*module, *module),
            [module, "as", alias] => (*module, *alias),
            _ => return None,
        };
        match HostModule::named(module) {
            Some(host) => {
                found = true;
                bindings.push((alias.to_string(), Binding::Module(host)));
            }
            None => kept.push(part.trim().to_string()),
        }
    }
    if !found {
        return None;
    }
    Some(if kept.is_empty() {
        String::new()
    } else {
        format!("import {}", kept.join(", "))
    })
}

/// `from time import sleep, time as now`.
fn rewrite_from(rest: &str, bindings: &mut Vec<(String, Binding)>) -> Option<String> {
    let (module, names) = rest.split_once(" import ")?;
    let host = HostModule::named(module.trim())?;
    let names = names.trim().trim_start_matches('(').trim_end_matches(')');
    for part in names.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let (name, alias) = match words.as_slice() {
            [name] => (*name, *name),
            [name, "as", alias] => (*name, *alias),
            _ => return None,
        };
        bindings.push((alias.to_string(), Binding::Function(host, name.to_string())));
    }
    Some(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(source: &str) -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([("lambda_function.py".to_string(), source.as_bytes().to_vec())])
    }

    #[test]
    fn host_imports_are_blanked_and_bound() {
        let loaded = load(
            &package("import json, boto3\nimport time as t\nfrom time import sleep\n\ndef h(e, c):\n    import boto3\n    return 1\n"),
            "lambda_function.h",
        )
        .unwrap();
        assert_eq!(
            loaded.source,
            "import json\npass\npass\n\ndef h(e, c):\n    pass\n    return 1\n"
        );
        assert_eq!(
            loaded.bindings,
            vec![
                ("boto3".to_string(), Binding::Module(HostModule::Boto3)),
                ("t".to_string(), Binding::Module(HostModule::Time)),
                (
                    "sleep".to_string(),
                    Binding::Function(HostModule::Time, "sleep".to_string())
                ),
                ("boto3".to_string(), Binding::Module(HostModule::Boto3)),
            ]
        );
    }

    #[test]
    fn a_missing_module_or_a_handler_without_a_dot_is_the_runtime_s_error() {
        let files = package("x = 1\n");
        assert_eq!(
            load(&files, "app.handler").unwrap_err().message,
            "Unable to import module 'app': No module named 'app'"
        );
        assert_eq!(
            load(&files, "handler").unwrap_err().error_type,
            "Runtime.MalformedHandlerName"
        );
    }
}

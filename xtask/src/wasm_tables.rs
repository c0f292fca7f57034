//! Reads which tables a wasm module exports and their element types, to check
//! that wasm-opt kept them intact. (binaryen 108, Debian's, rewrites
//! wasm-bindgen's `__wbindgen_externrefs` export to point at the function table,
//! which breaks the app at startup.)

/// The element type of a table, as encoded in the binary (0x70 funcref, 0x6F externref).
pub type RefType = u8;

/// `funcref`.
pub const FUNCREF: RefType = 0x70;
/// `externref`.
pub const EXTERNREF: RefType = 0x6F;

/// `funcref`, `externref` or the byte in hex.
pub fn ref_type_name(ref_type: RefType) -> String {
    match ref_type {
        FUNCREF => "funcref".to_string(),
        EXTERNREF => "externref".to_string(),
        other => format!("{other:#04x}"),
    }
}

/// Describes exported tables as `name: type, ...`.
pub fn describe(tables: &[(String, RefType)]) -> String {
    tables
        .iter()
        .map(|(name, ref_type)| format!("{name}: {}", ref_type_name(*ref_type)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each exported table's name and element type, in export order.
pub fn exported_tables(wasm: &[u8]) -> Result<Vec<(String, RefType)>, String> {
    let module = scan(wasm)?;
    module
        .exports
        .iter()
        .map(|export| Ok((export.name.clone(), module.type_of(export)?)))
        .collect()
}

/// Points each table export back at a table of the type `wanted` says it had, when
/// exactly one table has that type (binaryen 108 repoints wasm-bindgen's externref
/// export at the function table; the externref table itself is intact). Returns the
/// repaired module, or why it cannot be repaired.
pub fn repoint_table_exports(wasm: &[u8], wanted: &[(String, RefType)]) -> Result<Vec<u8>, String> {
    let module = scan(wasm)?;
    let mut repaired = wasm.to_vec();
    for export in &module.exports {
        let Some((_, want)) = wanted.iter().find(|(name, _)| *name == export.name) else {
            continue;
        };
        if module.type_of(export)? == *want {
            continue;
        }
        let candidates: Vec<usize> = (0..module.tables.len())
            .filter(|index| module.tables[*index] == *want)
            .collect();
        let [index] = candidates[..] else {
            return Err(format!(
                "{} should be a {} table and {} tables are",
                export.name,
                ref_type_name(*want),
                candidates.len()
            ));
        };
        match (u8::try_from(index), export.index_len) {
            (Ok(byte), 1) if byte < 0x80 => repaired[export.index_at] = byte,
            _ => {
                return Err(format!(
                    "{}: table index {index} is not one byte",
                    export.name
                ));
            }
        }
    }
    Ok(repaired)
}

/// A module's tables (imported first, as wasm numbers them) and table exports.
struct ModuleTables {
    tables: Vec<RefType>,
    exports: Vec<TableExport>,
}

struct TableExport {
    name: String,
    index: u32,
    /// Where the export's table index starts in the module, and its LEB128 length.
    index_at: usize,
    index_len: usize,
}

impl ModuleTables {
    fn type_of(&self, export: &TableExport) -> Result<RefType, String> {
        self.tables
            .get(export.index as usize)
            .copied()
            .ok_or_else(|| {
                format!(
                    "export {} names missing table {}",
                    export.name, export.index
                )
            })
    }
}

fn scan(wasm: &[u8]) -> Result<ModuleTables, String> {
    let mut reader = Reader { bytes: wasm, at: 0 };
    if reader.take(4)? != b"\0asm" {
        return Err("not a wasm module".into());
    }
    reader.take(4)?; // version
    let mut tables: Vec<RefType> = Vec::new();
    let mut exports = Vec::new();
    while !reader.is_done() {
        let id = reader.byte()?;
        let size = reader.leb_u32()? as usize;
        let section_start = reader.at;
        let mut section = Reader {
            bytes: reader.take(size)?,
            at: 0,
        };
        match id {
            2 => {
                for _ in 0..section.leb_u32()? {
                    section.name()?;
                    section.name()?;
                    match section.byte()? {
                        0x00 => {
                            section.leb_u32()?;
                        }
                        0x01 => tables.push(section.table_type()?),
                        0x02 => section.limits()?,
                        0x03 => {
                            section.value_type()?;
                            section.byte()?;
                        }
                        0x04 => {
                            section.byte()?;
                            section.leb_u32()?;
                        }
                        kind => return Err(format!("unknown import kind {kind:#x}")),
                    }
                }
            }
            4 => {
                for _ in 0..section.leb_u32()? {
                    tables.push(section.table_type()?);
                }
            }
            7 => {
                for _ in 0..section.leb_u32()? {
                    let name = section.name()?;
                    let kind = section.byte()?;
                    let index_at = section_start + section.at;
                    let index = section.leb_u32()?;
                    if kind == 0x01 {
                        exports.push(TableExport {
                            name,
                            index,
                            index_at,
                            index_len: section_start + section.at - index_at,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(ModuleTables { tables, exports })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn is_done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn take(&mut self, count: usize) -> Result<&'a [u8], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + count)
            .ok_or("unexpected end of wasm")?;
        self.at += count;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?.first().copied().unwrap_or_default())
    }

    fn leb_u32(&mut self) -> Result<u32, String> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| "LEB128 overflow".to_string());
            }
        }
        Err("LEB128 too long".into())
    }

    fn name(&mut self) -> Result<String, String> {
        let length = self.leb_u32()? as usize;
        Ok(String::from_utf8_lossy(self.take(length)?).into_owned())
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb_u32()?;
        if flags & 0x01 != 0 {
            self.leb_u32()?;
        }
        Ok(())
    }

    fn value_type(&mut self) -> Result<(), String> {
        // Typed references (0x63/0x64) carry a heap type; other value types are one byte.
        if matches!(self.byte()?, 0x63 | 0x64) {
            self.leb_u32()?;
        }
        Ok(())
    }

    fn table_type(&mut self) -> Result<RefType, String> {
        let ref_type = self.byte()?;
        if ref_type == 0x63 || ref_type == 0x64 {
            // (ref null? heaptype): report abstract heap types like the short forms.
            let heap = self.byte()?;
            self.limits()?;
            return Ok(heap);
        }
        self.limits()?;
        Ok(ref_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with an imported funcref table, a defined externref table, and
    /// exports of both.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // import section: "env" "t" table funcref min 1
        let import = [b"\x01\x03env\x01t\x01\x70\x00\x01".as_slice()].concat();
        wasm.extend([2, import.len() as u8]);
        wasm.extend(import);
        // table section: one externref table, min 4 max 8
        let table = b"\x01\x6f\x01\x04\x08";
        wasm.extend([4, table.len() as u8]);
        wasm.extend(table);
        // export section: "refs" -> table 1, "funcs" -> table 0, "f" -> func 0
        let export = b"\x03\x04refs\x01\x01\x05funcs\x01\x00\x01f\x00\x00";
        wasm.extend([7, export.len() as u8]);
        wasm.extend(export);
        wasm
    }

    #[test]
    fn reads_exported_table_types_across_imports() {
        assert_eq!(
            exported_tables(&module()).unwrap(),
            [
                ("refs".to_string(), EXTERNREF),
                ("funcs".to_string(), FUNCREF)
            ]
        );
    }

    #[test]
    fn describes_tables_by_type_name() {
        let tables = exported_tables(&module()).unwrap();
        assert_eq!(describe(&tables), "refs: externref, funcs: funcref");
        assert_eq!(ref_type_name(0x6e), "0x6e");
    }

    #[test]
    fn an_export_pointed_at_the_wrong_table_is_pointed_back() {
        let good = module();
        let wanted = exported_tables(&good).unwrap();
        // What binaryen 108 does: "refs" now names the funcref table 0.
        let mut broken = good.clone();
        let at = broken.windows(5).position(|w| w == b"refs\x01").unwrap() + 5;
        broken[at] = 0;
        assert_eq!(exported_tables(&broken).unwrap()[0].1, FUNCREF);
        let repaired = repoint_table_exports(&broken, &wanted).unwrap();
        assert_eq!(repaired, good);
        assert_eq!(repoint_table_exports(&good, &wanted).unwrap(), good);
        // No table of the wanted type: refused.
        let all_funcref = vec![("refs".to_string(), 0x6e)];
        assert!(repoint_table_exports(&good, &all_funcref).is_err());
    }

    #[test]
    fn rejects_truncated_or_foreign_input() {
        assert!(exported_tables(b"hello world").is_err());
        let mut truncated = module();
        truncated.truncate(truncated.len() - 3);
        assert!(exported_tables(&truncated).is_err());
    }
}

//! A parameter of the accounts store's statements on PostgreSQL: the value SQLite would
//! bind, written as whatever type PostgreSQL inferred for its placeholder (so one statement
//! text and one set of `rusqlite::ToSql` values serve both engines).

use std::error::Error;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use tokio_postgres::types::{private::BytesMut, to_sql_checked, IsNull, ToSql, Type};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PgValue(pub Value);

impl PgValue {
    /// The value `param` binds in SQLite.
    pub(super) fn of(param: &dyn rusqlite::ToSql) -> rusqlite::Result<Self> {
        Ok(Self(match param.to_sql()? {
            ToSqlOutput::Borrowed(v) => v.into(),
            ToSqlOutput::Owned(v) => v,
            _ => return Err(rusqlite::Error::ToSqlConversionFailure("unsupported SQL value".into())),
        }))
    }

    /// A column of a PostgreSQL row as the SQLite value it stands for (booleans as 0/1).
    pub(super) fn column(row: &tokio_postgres::Row, i: usize) -> Result<Value, tokio_postgres::Error> {
        let ty = row.columns()[i].type_();
        Ok(match *ty {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Integer),
            Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map_or(Value::Null, |v| Value::Integer(v.into())),
            Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map_or(Value::Null, |v| Value::Integer(v.into())),
            Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, |v| Value::Integer(v.into())),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map_or(Value::Null, Value::Real),
            Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Blob),
            _ => row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text),
        })
    }
}

impl ToSql for PgValue {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match (ValueRef::from(&self.0), ty) {
            (ValueRef::Null, _) => Ok(IsNull::Yes),
            (ValueRef::Integer(i), &Type::INT8) => i.to_sql(ty, out),
            (ValueRef::Integer(i), &Type::INT4) => i32::try_from(i)?.to_sql(ty, out),
            (ValueRef::Integer(i), &Type::INT2) => i16::try_from(i)?.to_sql(ty, out),
            (ValueRef::Integer(i), &Type::BOOL) => (i != 0).to_sql(ty, out),
            (ValueRef::Integer(i), &Type::FLOAT8) => (i as f64).to_sql(ty, out),
            (ValueRef::Integer(i), _) => i.to_string().to_sql(ty, out),
            (ValueRef::Real(f), _) => f.to_sql(ty, out),
            (ValueRef::Text(t), _) => std::str::from_utf8(t)?.to_sql(ty, out),
            (ValueRef::Blob(b), _) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// `sql` with SQLite's numbered placeholders (`?1`) as PostgreSQL's (`$1`); quoted text is
/// left alone.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn numbered_placeholders_become_dollars_outside_quotes() {
        assert_eq!(placeholders("SELECT ?1, '?2' WHERE a = ?12"), "SELECT $1, '?2' WHERE a = $12");
    }
}

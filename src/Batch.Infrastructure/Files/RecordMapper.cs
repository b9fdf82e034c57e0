namespace Batch.Infrastructure.Files;

/// <summary>Turns the fields of one record into an item. Called once per record: read the fields by position (or by name) and build the item.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="fields">The record's fields; valid only during the call.</param>
/// <returns>The item.</returns>
/// <example>
/// <code>
/// RecordMapper&lt;Order&gt; map = f =&gt; new Order(f.Parse&lt;long&gt;(0), f.GetString(1), f.Parse&lt;decimal&gt;(2));
/// </code>
/// </example>
public delegate T RecordMapper<out T>(FieldSet fields);

/// <summary>Writes the fields of one item, in column order, one <see cref="FieldWriter"/> call per field. Called once per item.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="item">The item.</param>
/// <param name="fields">Where the fields go; valid only during the call.</param>
/// <example>
/// <code>
/// RecordFormatter&lt;Order&gt; format = (o, f) =&gt; { f.Write(o.Id); f.Write(o.Name); f.Write(o.Amount, "0.00"); };
/// </code>
/// </example>
public delegate void RecordFormatter<in T>(T item, FieldWriter fields);

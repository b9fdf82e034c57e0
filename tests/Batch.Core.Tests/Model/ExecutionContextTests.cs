namespace Batch.Core.Tests.Model;

public class ExecutionContextTests
{
    [Test]
    public void A_context_knows_when_it_changed()
    {
        var context = new BatchExecutionContext();
        context.IsDirty.Should().BeFalse();

        context.Put("position", 10L);
        context.IsDirty.Should().BeTrue();

        context.ClearDirty();
        context.Put("position", 10L);
        context.IsDirty.Should().BeFalse("putting the same value is not a change");

        context.Put("position", 11L);
        context.IsDirty.Should().BeTrue();
    }

    [Test]
    public void Values_of_every_common_type_round_trip_through_json_with_their_type()
    {
        var context = new BatchExecutionContext();
        context.Put("string", "héllo \"quoted\"");
        context.Put("long", long.MaxValue);
        context.Put("int", 42);
        context.Put("double", 0.1);
        context.Put("notANumber", double.NaN);
        context.Put("bool", true);
        context.Put("decimal", 79228162514264337593543950335m);
        context.Put("date", new DateOnly(2026, 11, 22));
        context.Put("datetime", new DateTime(2026, 11, 22, 1, 2, 3, DateTimeKind.Utc));
        context.Put("offset", new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.FromHours(9)));
        context.Put("guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
        context.Put<string?>("null", null);
        context.Put("list", new List<string> { "a", "b" });
        context.Put("map", new Dictionary<string, int> { ["x"] = 1 });
        context.Put("record", new Position("file.csv", 537));
        context.Put("array", new[] { 1L, 2L });
        context.Put("arrayOfLists", new[] { new List<string> { "x" } });

        var restored = ExecutionContextSerializer.Deserialize(ExecutionContextSerializer.Serialize(context));

        restored.Count.Should().Be(context.Count);
        foreach (var (key, value) in context)
        {
            restored.GetRaw(key).Should().BeEquivalentTo(value, because: key);
            restored.GetRaw(key)?.GetType().Should().Be(value?.GetType(), because: key);
        }

        restored.IsDirty.Should().BeFalse();
    }

    [Test]
    public void The_stored_json_of_common_values_keeps_its_documented_form()
    {
        var context = new BatchExecutionContext();
        context.Put("read", 42L);
        context.Put("file", "a<b>ü.csv");
        context.Put("done", false);
        context.Put("ratio", 0.5);
        context.Put("gap", double.PositiveInfinity);
        context.Put("amount", 1.10m);

        var json = ExecutionContextSerializer.Serialize(context);

        const string expected =
            """{"read":["long",42],"file":["string","a\u003Cb\u003E\u00FC.csv"],"done":["bool",false],"ratio":["double",0.5],"gap":["double","Infinity"],"amount":["decimal",1.10]}""";
        json.Should().Be(expected);
        ExecutionContextSerializer.Serialize(context).Should().Be(json, "the writer kept between calls starts clean");
    }

    [Test]
    public void Reading_a_number_as_another_numeric_type_converts_it()
    {
        var context = new BatchExecutionContext();
        context.Put("count", 5);

        context.GetLong("count").Should().Be(5L);
        context.Get<double>("count").Should().Be(5d);
    }

    [Test]
    public void Reading_a_missing_key_names_it()
    {
        var read = () => new BatchExecutionContext().GetLong("position");

        read.Should().Throw<KeyNotFoundException>().WithMessage("*'position'*");
    }

    public sealed record Position(string File, long Line);
}

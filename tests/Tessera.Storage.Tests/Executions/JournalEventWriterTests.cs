using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Engine.Journal;
using Tessera.Storage.Executions;

namespace Tessera.Storage.Tests.Executions;

/// <summary>
/// The hand-written event writer against the serializer it stands in for: byte-for-byte the same JSON for every event
/// type, with every property set and with every optional one unset. Instances are built by reflection, so a property
/// added to an event and not to the writer fails here.
/// </summary>
public sealed class JournalEventWriterTests
{
    public static TheoryData<string> EventTypes()
    {
        var data = new TheoryData<string>();
        foreach (var derived in typeof(ExecutionEvent).GetCustomAttributes<JsonDerivedTypeAttribute>())
        {
            data.Add(derived.DerivedType.Name);
        }

        return data;
    }

    public static TheoryData<string, bool> EventTypesEveryPropertyOrOnlyRequired()
    {
        var data = new TheoryData<string, bool>();
        foreach (var derived in typeof(ExecutionEvent).GetCustomAttributes<JsonDerivedTypeAttribute>())
        {
            data.Add(derived.DerivedType.Name, true);
            data.Add(derived.DerivedType.Name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventTypesEveryPropertyOrOnlyRequired))]
    public void Write_IsWhatTheSerializerWrites(string type, bool everyProperty)
    {
        var e = Build(type, everyProperty);

        var written = JournalEventWriter.Write(e);

        Assert.Equal(Reference(e), written);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Write_ReadsBackAsAnEqualEvent(string type)
    {
        var e = Build(type, everyProperty: true);

        var read = JournalSerializer.Deserialize(JournalEventWriter.Write(e));

        // Item JSON comes back as written (compact here), so the records compare equal whole.
        Assert.Equal(AsStored(e), read);
    }

    [Fact]
    public void Write_CreatedNamingItsSnapshot_LeavesTheWorkflowJsonOut()
    {
        var e = new ExecutionCreated { ExecutionId = "1", WorkflowJson = "{\"nodes\":[]}", WorkflowSnapshot = "ab12", Mode = "manual" };

        var written = JournalSerializer.Serialize(e);

        Assert.Contains("\"workflowJson\":\"\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("nodes", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LargeEventThenSmallOne_EachHoldsOnlyItsOwnJson()
    {
        // The writer's buffer is reused per thread (and dropped when it grew large): nothing of one event may leak into the next.
        var items = "[" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"{{\"json\":{{\"i\":{i}}}}}")) + "]";
        var large = new NodeCompleted { ExecutionId = "1", Sequence = 2, Node = "Big", OutputsJson = "[" + items + "]" };
        var small = new NodeStarted { ExecutionId = "1", Sequence = 3, Node = "Next" };

        var first = JournalEventWriter.Write(large);
        var second = JournalEventWriter.Write(small);
        var third = JournalEventWriter.Write(small);

        Assert.Equal(Reference(large), first);
        Assert.Equal(Reference(small), second);
        Assert.Equal(second, third);
    }

#if DEBUG
    [Fact]
    public void Write_ItemJsonThatIsNotJson_ThrowsInDebugBuilds()
    {
        var e = new NodeCompleted { ExecutionId = "1", Node = "A", OutputsJson = "[{\"json\":" };

        Assert.ThrowsAny<JsonException>(() => JournalEventWriter.Write(e));

        // The failed write leaves nothing behind for the thread's next event.
        var next = new NodeStarted { ExecutionId = "1", Node = "B" };
        Assert.Equal(Reference(next), JournalEventWriter.Write(next));
    }
#endif

    // What the serializer writes for the event as stored: a created event naming its snapshot goes without the workflow JSON.
    private static string Reference(ExecutionEvent e) => JsonSerializer.Serialize(AsStored(e), JournalSerializer.Options);

    private static ExecutionEvent AsStored(ExecutionEvent e) =>
        e is ExecutionCreated { WorkflowSnapshot: not null } created ? created with { WorkflowJson = string.Empty } : e;

    // Strings that exercise escaping: quotes, a backslash, control characters, non-ASCII, markup and a line separator.
    private const string Awkward = "say \"hi\" \\ \n\t\u0001 é ü 日本 <b>&amp;</b> \u2028 😀";

    private static ExecutionEvent Build(string typeName, bool everyProperty)
    {
        var type = typeof(ExecutionEvent).Assembly.GetType($"{typeof(ExecutionEvent).Namespace}.{typeName}", throwOnError: true)!;
        var e = (ExecutionEvent)Activator.CreateInstance(type)!;
        var i = 0;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            i++;
            var required = property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null;
            var nullable = !property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
            if (!everyProperty && !required && (nullable || Nullable.GetUnderlyingType(property.PropertyType) is not null))
            {
                continue;
            }

            property.SetValue(e, ValueFor(property, i));
        }

        return e;
    }

    private static object ValueFor(PropertyInfo property, int i)
    {
        var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(RawJsonConverter))
        {
            return $"[{{\"json\":{{\"n\":{i},\"s\":\"{JsonEncodedText.Encode(Awkward, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\",\"x\":1.5e300}}}}]";
        }

        return t switch
        {
            _ when t == typeof(string) => $"{property.Name} {i} {Awkward}",
            _ when t == typeof(long) => long.MaxValue - i,
            _ when t == typeof(int) => 1000 + i,
            _ when t == typeof(double) => 0.1 + i + 1e-9,
            _ when t == typeof(bool) => true,
            _ when t == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 21, 17, 30, 45, TimeSpan.FromHours(5.5)).AddTicks(1234567 + i),
            _ => throw new InvalidOperationException($"JournalEventWriterTests has no sample value for {t.Name} ({property.DeclaringType!.Name}.{property.Name}); add one."),
        };
    }
}

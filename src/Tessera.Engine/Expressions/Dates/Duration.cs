using System.Globalization;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Engine.Expressions.Dates;

/// <summary>A Luxon <c>Duration</c>: an amount of time in named units (1 month 2 days), as expressions see it.</summary>
public sealed class LuxonDuration : IJsHostObject, IJsPrimitive, IJsonConvertible
{
    private readonly double?[] _values;

    internal LuxonDuration(double?[] values, string? invalidReason = null)
    {
        _values = values;
        InvalidReason = invalidReason;
    }

    /// <summary>False for invalid durations (e.g. an unparsable ISO duration).</summary>
    public bool IsValid => InvalidReason is null;

    internal string? InvalidReason { get; }

    internal double Get(DurationUnit unit) => _values[(int)unit] ?? 0;

    internal bool Has(DurationUnit unit) => _values[(int)unit].HasValue;

    internal static LuxonDuration Invalid(string reason) => new(new double?[Units.Count], reason);

    internal static LuxonDuration FromMillis(double ms)
    {
        var v = new double?[Units.Count];
        v[(int)DurationUnit.Milliseconds] = ms;
        return new LuxonDuration(v);
    }

    internal static LuxonDuration FromUnit(DurationUnit unit, double amount)
    {
        var v = new double?[Units.Count];
        v[(int)unit] = amount;
        return new LuxonDuration(v);
    }

    /// <summary>Builds from <c>{ days: 1, hours: 2 }</c>; throws on unknown units or non-numbers, as Luxon does.</summary>
    internal static LuxonDuration FromObject(JsObject obj)
    {
        var v = new double?[Units.Count];
        foreach (var (key, value) in obj)
        {
            var unit = Units.Parse(key);
            if (value.IsNullish)
            {
                continue;
            }

            if (!value.IsNumber)
            {
                throw JsHostException.Type($"Invalid unit value {JsConvert.ToString(value)}");
            }

            v[(int)unit] = value.AsNumber();
        }

        return new LuxonDuration(v);
    }

    /// <summary>Luxon's <c>Duration.fromDurationLike</c>: a number of milliseconds, a Duration, or a units object.</summary>
    internal static LuxonDuration FromDurationLike(JsValue value) => value.Kind switch
    {
        JsKind.Number => FromMillis(value.AsNumber()),
        JsKind.Object => FromObject(value.AsObject()),
        JsKind.Host when value.Reference is LuxonDuration d => d,
        _ => throw JsHostException.Type($"Unknown duration argument {JsConvert.ToString(value)} of type {JsConvert.TypeOf(value)}"),
    };

    /// <summary>Parses ISO 8601 durations: P1Y2M3W4DT5H6M7.8S (signed parts allowed, like Luxon).</summary>
    internal static LuxonDuration FromIso(string text)
    {
        var s = text.Trim();
        var v = new double?[Units.Count];
        var i = 0;
        var sign = 1;
        if (i < s.Length && s[i] is '-' or '+')
        {
            sign = s[i] == '-' ? -1 : 1;
            i++;
        }

        if (i >= s.Length || char.ToUpperInvariant(s[i]) != 'P')
        {
            return Invalid("unparsable");
        }

        i++;
        var inTime = false;
        var any = false;
        while (i < s.Length)
        {
            if (char.ToUpperInvariant(s[i]) == 'T')
            {
                inTime = true;
                i++;
                continue;
            }

            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or ',' or '-' or '+'))
            {
                i++;
            }

            if (i == start || i >= s.Length
                || !double.TryParse(s.AsSpan(start, i - start).ToString().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return Invalid("unparsable");
            }

            DurationUnit? unit = (char.ToUpperInvariant(s[i]), inTime) switch
            {
                ('Y', false) => DurationUnit.Years,
                ('M', false) => DurationUnit.Months,
                ('W', false) => DurationUnit.Weeks,
                ('D', false) => DurationUnit.Days,
                ('H', true) => DurationUnit.Hours,
                ('M', true) => DurationUnit.Minutes,
                ('S', true) => DurationUnit.Seconds,
                _ => null,
            };
            if (unit is null)
            {
                return Invalid("unparsable");
            }

            if (unit == DurationUnit.Seconds && n != Math.Truncate(n))
            {
                // Luxon reads the fraction's digits as milliseconds, rounding down (59.9999 is 59 s 999 ms).
                var text0 = s.AsSpan(start, i - start).ToString().Replace(',', '.');
                var fraction = text0[(text0.IndexOf('.', StringComparison.Ordinal) + 1)..];
                v[(int)DurationUnit.Seconds] = sign * Math.Truncate(n);
                v[(int)DurationUnit.Milliseconds] = sign * Math.Sign(n) * Math.Floor(double.Parse("0." + fraction, CultureInfo.InvariantCulture) * 1000);
            }
            else
            {
                v[(int)unit.Value] = sign * n;
            }

            any = true;
            i++;
        }

        return any ? new LuxonDuration(v) : Invalid("unparsable");
    }

    /// <summary>Total milliseconds using Luxon's casual conversions.</summary>
    public double ToMillis() => As(DurationUnit.Milliseconds);

    internal double As(DurationUnit unit) => IsValid ? ShiftTo([unit]).Get(unit) : double.NaN;

    internal LuxonDuration ShiftTo(IReadOnlyCollection<DurationUnit> targets)
    {
        if (!IsValid || targets.Count == 0)
        {
            return this;
        }

        var built = new double?[Units.Count];
        var accumulated = new double?[Units.Count];
        DurationUnit? last = null;
        for (var k = 0; k < Units.Count; k++)
        {
            var unit = (DurationUnit)k;
            if (targets.Contains(unit))
            {
                last = unit;
                double own = 0;
                for (var a = 0; a < Units.Count; a++)
                {
                    if (accumulated[a] is { } acc)
                    {
                        own += Units.Casual[a, k] * acc;
                        accumulated[a] = 0;
                    }
                }

                own += _values[k] ?? 0;
                var whole = Math.Truncate(own);
                built[k] = whole;
                accumulated[k] = ((own * 1000) - (whole * 1000)) / 1000;
            }
            else if (_values[k] is { } value)
            {
                accumulated[k] = value;
            }
        }

        var l = (int)last!.Value;
        for (var a = 0; a < Units.Count; a++)
        {
            if (accumulated[a] is { } acc && acc != 0)
            {
                built[l] += a == l ? acc : acc / Units.Casual[l, a];
            }
        }

        Normalize(built);
        return new LuxonDuration(built);
    }

    private static void Normalize(double?[] vals)
    {
        double total = 0;
        for (var i = 0; i < Units.Count; i++)
        {
            total += (vals[i] ?? 0) * Units.Casual[i, Units.Count - 1];
        }

        var factor = total < 0 ? -1 : 1;
        int? previous = null;
        for (var i = Units.Count - 1; i >= 0; i--)
        {
            if (vals[i] is null)
            {
                continue;
            }

            if (previous is { } p)
            {
                var previousVal = vals[p]!.Value * factor;
                var conv = Units.Casual[i, p];
                var rollUp = Math.Floor(previousVal / conv);
                vals[i] += rollUp * factor;
                vals[p] -= rollUp * conv * factor;
            }

            previous = i;
        }

        previous = null;
        for (var i = 0; i < Units.Count; i++)
        {
            if (vals[i] is null)
            {
                continue;
            }

            if (previous is { } p)
            {
                var fraction = vals[p]!.Value % 1;
                vals[p] -= fraction;
                vals[i] += fraction * Units.Casual[p, i];
            }

            previous = i;
        }
    }

    internal LuxonDuration Plus(LuxonDuration other, int sign = 1)
    {
        if (!IsValid || !other.IsValid)
        {
            return IsValid ? other : this;
        }

        var v = (double?[])_values.Clone();
        for (var i = 0; i < Units.Count; i++)
        {
            if (other._values[i] is { } o)
            {
                v[i] = (v[i] ?? 0) + (sign * o);
            }
        }

        return new LuxonDuration(v);
    }

    internal LuxonDuration Negate()
    {
        var v = new double?[Units.Count];
        for (var i = 0; i < Units.Count; i++)
        {
            v[i] = _values[i] is { } x ? (x == 0 ? 0 : -x) : null;
        }

        return new LuxonDuration(v, InvalidReason);
    }

    internal JsObject ToObject()
    {
        var o = new JsObject();
        for (var i = 0; i < Units.Count; i++)
        {
            if (_values[i] is { } x)
            {
                o.Set(Units.Names[i], x);
            }
        }

        return o;
    }

    /// <summary>ISO 8601 text (P1DT2H), or null when invalid.</summary>
    public string? ToIso()
    {
        if (!IsValid)
        {
            return null;
        }

        var sb = new StringBuilder("P");
        void Part(double n, char c)
        {
            if (n != 0)
            {
                sb.Append(JsNumber.ToString(n)).Append(c);
            }
        }

        Part(Get(DurationUnit.Years), 'Y');
        Part(Get(DurationUnit.Months) + (Get(DurationUnit.Quarters) * 3), 'M');
        Part(Get(DurationUnit.Weeks), 'W');
        Part(Get(DurationUnit.Days), 'D');
        double h = Get(DurationUnit.Hours), m = Get(DurationUnit.Minutes), s = Get(DurationUnit.Seconds), ms = Get(DurationUnit.Milliseconds);
        if (h != 0 || m != 0 || s != 0 || ms != 0)
        {
            sb.Append('T');
            Part(h, 'H');
            Part(m, 'M');
            if (s != 0 || ms != 0)
            {
                sb.Append(JsNumber.ToString(Math.Round(s + (ms / 1000), 3))).Append('S');
            }
        }

        if (sb.Length == 1)
        {
            sb.Append("T0S");
        }

        return sb.ToString();
    }

    /// <summary>Luxon <c>Duration.toFormat</c>: shifts to the units the format names, then prints them (whole values, padded).</summary>
    internal string ToFormat(string format)
    {
        if (!IsValid)
        {
            return "Invalid Duration";
        }

        static DurationUnit? Field(string token) => token[0] switch
        {
            'S' => DurationUnit.Milliseconds,
            's' => DurationUnit.Seconds,
            'm' => DurationUnit.Minutes,
            'h' => DurationUnit.Hours,
            'd' => DurationUnit.Days,
            'w' => DurationUnit.Weeks,
            'M' => DurationUnit.Months,
            'y' => DurationUnit.Years,
            _ => null,
        };

        var tokens = LuxonFormat.Tokenize(format);
        var units = tokens.Where(t => !t.Literal && Field(t.Token) is not null).Select(t => Field(t.Token)!.Value).Distinct().ToList();
        var shifted = ShiftTo(units);
        var sb = new StringBuilder();
        foreach (var (token, literal) in tokens)
        {
            if (literal || Field(token) is not { } unit)
            {
                sb.Append(token);
                continue;
            }

            var value = Math.Truncate(shifted.Get(unit));
            var digits = Math.Abs(value).ToString(CultureInfo.InvariantCulture).PadLeft(token.Length, '0');
            sb.Append(value < 0 ? "-" + digits : digits);
        }

        return sb.ToString();
    }

    internal string ToHuman()
    {
        var parts = new List<string>();
        for (var i = 0; i < Units.Count; i++)
        {
            if (_values[i] is { } x)
            {
                var singular = Units.Names[i][..^1];
                parts.Add($"{LuxonFormat.FormatNumber(x)} {(Math.Abs(x) == 1 ? singular : Units.Names[i])}");
            }
        }

        return string.Join(", ", parts);
    }

    /// <inheritdoc />
    public JsValue GetMember(string name)
    {
        var unit = Units.TryParse(name);
        if (unit is not null && name.EndsWith('s'))
        {
            return IsValid ? Get(unit.Value) : double.NaN;
        }

        return name switch
        {
            "isValid" => IsValid,
            "invalidReason" => InvalidReason is null ? JsValue.Null : InvalidReason,
            "invalidExplanation" => JsValue.Null,
            "locale" => "en-US",
            "toISO" or "toString" or "toJSON" => HostFunction.Of(name, _ => ToIso() is { } s ? s : name == "toISO" ? JsValue.Null : "Invalid Duration"),
            "toMillis" or "valueOf" => HostFunction.Of(name, _ => ToMillis()),
            "toObject" => HostFunction.Of(name, _ => IsValid ? ToObject() : new JsObject()),
            "toHuman" => HostFunction.Of(name, _ => ToHuman()),
            "toFormat" => HostFunction.Of(name, a => ToFormat(JsConvert.ToString(HostArgs.At(a, 0)))),
            "as" => HostFunction.Of(name, a => As(Units.Parse(JsConvert.ToString(HostArgs.At(a, 0))))),
            "get" => HostFunction.Of(name, a => Get(Units.Parse(JsConvert.ToString(HostArgs.At(a, 0))))),
            "shiftTo" => HostFunction.Of(name, a => JsValue.FromHost(ShiftTo(ParseUnits(a)))),
            "shiftToAll" => HostFunction.Of(name, _ => JsValue.FromHost(ShiftTo(Enum.GetValues<DurationUnit>()))),
            "normalize" or "rescale" => HostFunction.Of(name, _ => JsValue.FromHost(ShiftTo(UsedUnits()))),
            "plus" => HostFunction.Of(name, a => JsValue.FromHost(Plus(FromDurationLike(HostArgs.At(a, 0))))),
            "minus" => HostFunction.Of(name, a => JsValue.FromHost(Plus(FromDurationLike(HostArgs.At(a, 0)), -1))),
            "negate" => HostFunction.Of(name, _ => JsValue.FromHost(Negate())),
            "equals" => HostFunction.Of(name, a => HostArgs.At(a, 0).Reference is LuxonDuration d && d.ToIso() == ToIso()),
            "set" => HostFunction.Of(name, a => JsValue.FromHost(Set(HostArgs.At(a, 0)))),
            _ => JsValue.Undefined,
        };
    }

    private LuxonDuration Set(JsValue values)
    {
        var v = (double?[])_values.Clone();
        if (values.TryGetObject() is { } obj)
        {
            foreach (var (key, value) in obj)
            {
                v[(int)Units.Parse(key)] = JsConvert.ToNumber(value);
            }
        }

        return new LuxonDuration(v);
    }

    private List<DurationUnit> UsedUnits()
    {
        var list = new List<DurationUnit>();
        for (var i = 0; i < Units.Count; i++)
        {
            if (_values[i] is not null)
            {
                list.Add((DurationUnit)i);
            }
        }

        return list;
    }

    internal static List<DurationUnit> ParseUnits(ReadOnlySpan<JsValue> args)
    {
        var list = new List<DurationUnit>();
        foreach (var a in args)
        {
            if (a.TryGetArray() is { } arr)
            {
                foreach (var x in arr)
                {
                    list.Add(Units.Parse(JsConvert.ToString(x)));
                }
            }
            else if (!a.IsNullish)
            {
                list.Add(Units.Parse(JsConvert.ToString(a)));
            }
        }

        return list;
    }

    /// <inheritdoc />
    public JsValue ToPrimitive(bool preferString) => preferString ? (ToIso() ?? "Invalid Duration") : ToMillis();

    /// <inheritdoc />
    public JsValue ToJsonValue() => ToIso() is { } s ? s : JsValue.Null;

    /// <inheritdoc />
    public override string ToString() => ToIso() ?? "Invalid Duration";
}

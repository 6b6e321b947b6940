using static Tessera.Engine.Tests.Expressions.Dates.DateTestKit;

namespace Tessera.Engine.Tests.Expressions.Dates;

/// <summary>Expected values recorded from luxon 3.7.2 on Node 20. (Format-context weekday abbreviations, EEE, are not covered: .NET only has the standalone forms.)</summary>
public class LocaleTests
{
    [Theory]
    [InlineData("de", "Dienstag März März März Mär PM", "März", "Di")]
    [InlineData("fr", "mardi mars mars mars mars PM", "mars", "mar.")]
    [InlineData("es", "martes marzo mar marzo mar p.\u202Fm.", "marzo", "mar")]
    [InlineData("ru", "вторник марта мар. март март PM", "март", "вт")]
    [InlineData("nl-NL", "dinsdag maart mrt maart mrt p.m.", "maart", "di")]
    public void SetLocale_LocalizesNames(string locale, string formatted, string monthLong, string weekdayShort)
    {
        var dt = Call(Iso(Globals(), "2024-03-05T14:07:09Z"), "setLocale", locale);
        Assert.Equal(formatted, Str(Call(dt, "toFormat", "EEEE MMMM MMM LLLL LLL a")));
        Assert.Equal(monthLong, Str(Member(dt, "monthLong")));
        Assert.Equal(weekdayShort, Str(Member(dt, "weekdayShort")));
    }
}

using System.Globalization;
using System.Text;
using Tessera.Engine.Data;

namespace Tessera.Nodes.Data.Shared;

/// <summary>
/// A forgiving reader for JSON-like text users type into fields: besides strict JSON it accepts single-quoted strings,
/// unquoted keys and trailing commas (<c>{a: 1, 'b': 'two'}</c>, <c>['x','y']</c>), as n8n's type validation does.
/// </summary>
internal static class JsLiteral
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a single literal value.</summary>
    public static bool TryParse(string text, out JsValue value)
    {
        var reader = new Reader(text);
        try
        {
            reader.SkipSpace();
            value = reader.ReadValue();
            reader.SkipSpace();
            if (!reader.AtEnd)
            {
                value = default;
                return false;
            }

            return true;
        }
        catch (FormatException)
        {
            value = default;
            return false;
        }
    }

    private sealed class Reader(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        public JsValue ReadValue()
        {
            SkipSpace();
            if (AtEnd)
            {
                throw new FormatException();
            }

            var c = text[_pos];
            return c switch
            {
                '{' => ReadObject(),
                '[' => ReadArray(),
                '"' or '\'' => ReadString(),
                _ when c == '-' || c == '+' || c == '.' || char.IsAsciiDigit(c) => ReadNumber(),
                _ => ReadWord(),
            };
        }

        private JsObject ReadObject()
        {
            var obj = new JsObject();
            _pos++;
            while (true)
            {
                SkipSpace();
                if (AtEnd)
                {
                    throw new FormatException();
                }

                if (text[_pos] == '}')
                {
                    _pos++;
                    return obj;
                }

                var key = text[_pos] is '"' or '\'' ? ReadString().AsString() : ReadIdentifier();
                SkipSpace();
                Expect(':');
                obj[key] = ReadValue();
                SkipSpace();
                if (!AtEnd && text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                SkipSpace();
                Expect('}');
                return obj;
            }
        }

        private JsArray ReadArray()
        {
            var arr = new JsArray();
            _pos++;
            while (true)
            {
                SkipSpace();
                if (AtEnd)
                {
                    throw new FormatException();
                }

                if (text[_pos] == ']')
                {
                    _pos++;
                    return arr;
                }

                arr.Add(ReadValue());
                SkipSpace();
                if (!AtEnd && text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                Expect(']');
                return arr;
            }
        }

        private JsValue ReadString()
        {
            var quote = text[_pos++];
            var sb = new StringBuilder();
            while (!AtEnd && text[_pos] != quote)
            {
                var c = text[_pos++];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw new FormatException();
                }

                var e = text[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u' when _pos + 4 <= text.Length:
                        sb.Append((char)int.Parse(text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _pos += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }

            Expect(quote);
            return sb.ToString();
        }

        private JsValue ReadNumber()
        {
            var start = _pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '.' or '-' or '+'))
            {
                _pos++;
            }

            var n = JsConvert.StringToNumber(text[start.._pos]);
            return double.IsNaN(n) ? throw new FormatException() : n;
        }

        private JsValue ReadWord()
        {
            var word = ReadIdentifier();
            return word switch
            {
                "true" => JsValue.True,
                "false" => JsValue.False,
                "null" => JsValue.Null,
                "Infinity" => double.PositiveInfinity,
                "NaN" => double.NaN,
                _ => throw new FormatException(),
            };
        }

        private string ReadIdentifier()
        {
            var start = _pos;
            while (!AtEnd && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '$'))
            {
                _pos++;
            }

            return _pos == start ? throw new FormatException() : text[start.._pos];
        }

        private void Expect(char c)
        {
            if (AtEnd || text[_pos] != c)
            {
                throw new FormatException();
            }

            _pos++;
        }
    }
}

import json
C = []
def c(recv, fn, *args):
    C.append([recv, fn, list(args)])
S = lambda s: json.dumps(s)
# strings
for s in ["me@example.com", "https://n8n.io/workflows?x=1", "http://www.example.co.uk", "contact me@example.com now", "example.com", "no domain", "ftp://files.example.org/a", "https://sub.domain.example.com:8080/path"]:
    c(S(s), "extractDomain")
for s in ["Write to jane.doe+x@mail.example.org today", "nothing", "a@b.c", "two a@b.io and c@d.io"]:
    c(S(s), "extractEmail")
for s in ["see https://n8n.io/docs?a=1 for more", "www.n8n.io", "visit http://example.com.", "ftp://x.org/a", "(https://x.io/a)"]:
    c(S(s), "extractUrl")
for s in ["https://n8n.io/workflows/1?x=2", "not a url", "https://n8n.io", "n8n.io/path/x"]:
    c(S(s), "extractUrlPath")
for a in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3", "base64", "ripemd160"]:
    c(S("hello"), "hash", a)
for s in ["example.com", "example", "sub.example.co.uk", "https://example.com", "exa_mple.com", "localhost"]:
    c(S(s), "isDomain")
for s in ["a@b.io", "a@b", "a.b@c.d.ee", "a b@c.io", "A@B.IO"]:
    c(S(s), "isEmail")
for s in ["https://n8n.io/x", "n8n.io", "http://localhost:5678", "ftp://a.io", "https://a", "mailto:a@b.io"]:
    c(S(s), "isUrl")
for s in ["12.5", "-1e3", "12a", "", " 12 ", "0x1A", "Infinity", ".5", "1,000"]:
    c(S(s), "isNumeric")
c(S(""), "isEmpty"); c(S(" "), "isEmpty"); c(S(" "), "isNotEmpty")
for s in ['{"a": [1, 2]}', '{a: 1}', '"x"', '12', 'null', "{'a': 1}"]:
    c(S(s), "parseJson")
c(S('say "hi"'), "quote"); c(S("it's"), "quote", "'")
c(S("# Title\nSome **bold** and *italic* text with a [link](https://x.io) and `code`."), "removeMarkdown")
c(S("- item one\n- item two\n> quote\n![img](a.png)"), "removeMarkdown")
c(S("<p>Hello <b>world</b></p>"), "removeTags")
c(S("Crème brûlée à Köln, Straße Ærø Łódź"), "replaceSpecialChars")
for s in ["false", "NO", "0", "", "yes", "anything", " false ", "FALSE", "n", "off"]:
    c(S(s), "toBoolean")
for s in ["12.7abc", " -3", "abc", "0x1A", "1e3", "", "12,5"]:
    c(S(s), "toInt"); c(S(s), "toFloat"); c(S(s), "toNumber")
for s in ["hello WORLD. how are YOU? fine!", "hello", "HELLO world", "a.b"]:
    c(S(s), "toSentenceCase")
for s in ["quick brown $fox - jumps", "helloWorld", "Hello World", "already_snake", "a--b  c", "Ünïcödé text"]:
    c(S(s), "toSnakeCase")
for s in ["the lord of the rings", "iPhone and mac", "a tale of two cities", "HELLO world", "over the rainbow to oz"]:
    c(S(s), "toTitleCase")
c(S("a b/c?d=é"), "urlEncode"); c(S("a b/c?d=é"), "urlEncode", True)
c(S("a%20b%2Fc"), "urlDecode"); c(S("a%20b%2Fc"), "urlDecode", True)
c(S("héllo"), "base64Encode"); c(S("aMOpbGxv"), "base64Decode")
c(S('a"b\n'), "toJsonString")
for s in ["2024-03-30T18:49:07.234+02:00", "2024-03-30", "Sat, 30 Mar 2024 10:00:00 GMT", "2024-03-30 10:00:00", "1711792800000", "March 30, 2024", "30/03/2024", "2024-03-30T10:00:00Z"]:
    c(S(s), "toDateTime")
c(S("15/01/2024"), "toDateTime", "dd/MM/yyyy")
# numbers
for n, d in [(-2.5, None), (2.5, None), (1.005, 2), (-1.2345, 3), (1234.5, -2), (0.5, None), (-0.5, None)]:
    if d is None: c(S(n), "round")
    else: c(S(n), "round", d)
c("-2.5", "abs"); c("-2.5", "ceil"); c("-2.5", "floor")
c("4", "isEven"); c("-3", "isOdd"); c("2.5", "isEven"); c("4.1", "isInteger"); c("0", "toBoolean"); c("-1", "toBoolean")
c("1234567.891", "format"); c("1234567.891", "format", "de-DE"); c("1234.5", "format", "en-US", {"style": "currency", "currency": "USD"})
c("1234.5", "format", "de-DE", {"style": "currency", "currency": "EUR"}); c("0.256", "format", "en-US", {"style": "percent"})
c("3", "toLocaleString", "en-US", {"minimumFractionDigits": 2}); c("1234.5", "format", "fr-FR"); c("1234.5", "format", "en-IN"); c("12345678.9", "format", "en-IN")
c("1704067200000", "toDateTime"); c("1704067200", "toDateTime", "s"); c("45292", "toDateTime", "excel"); c("1704067200000000", "toDateTime", "us")
c("5", "isEmpty"); c("5", "toInt"); c("5.7", "toInt"); c("5.7", "toFloat")
# booleans
c("true", "toNumber"); c("false", "toInt"); c("true", "isEmpty"); c("true", "toFloat")
# arrays
A = lambda s: s
c("[1, 2, 3, 6]", "sum"); c("[1, 2, 3, 6]", "average"); c("[1, 2, 3, 6]", "max"); c("[1, 2, 3, 6]", "min"); c('[1, "2"]', "sum"); c("[]", "sum"); c("[]", "average"); c("[]", "max")
c("[1,2,3,4,5]", "chunk", 2); c("[null, 0, \"\", false, \"a\", [], {}]", "compact")
c('[1, 2, {"x":1}, 2]', "difference", [2, {"x": 1}, 3]); c('[1, 2, {"x":1}, 2]', "intersection", [2, {"x": 1}, 3]); c('[1, 2, {"x":1}, 2]', "union", [2, {"x": 1}, 3]); c('[1, 2, {"x":1}, 2]', "unique"); c('[1, 2, {"x":1}, 2]', "removeDuplicates")
c('[{"n":"a","c":1},{"n":"a","c":2},{"n":"b","c":1}]', "unique", "n"); c('[{"n":"a","c":1},{"n":"a","c":2},{"n":"b","c":1}]', "removeDuplicates", "n")
c("[1,2]", "first"); c("[1,2]", "last"); c("[]", "first"); c("[]", "isEmpty"); c("[0]", "isNotEmpty")
c('[{"a":1},{"b":2}]', "merge"); c('[{"a":1}]', "merge", [{"a": 9, "b": 3}]); c('[{"a":1},{"c":1}]', "merge", [{"a": 9, "b": 3}, {"d": 4}])
c('[{"name":"A","city":"X"},{"name":"B"},{"other":1},5]', "pluck", "name", "city"); c('[{"name":"A","city":"X"},{"name":"B"},{"other":1},5]', "pluck", "name"); c('[{"name":"A"}]', "pluck")
c('[{"a":1,"c":3,"b":2},7]', "renameKeys", "a", "x", "b", "y")
c('[{"k":" size ","v":"L "},{"k":"color","v":"red"},{"k":"","v":1},{"v":2}]', "smartJoin", "k", "v")
c('[1,"a"]', "toJsonString"); c("[1]", "append", 2, 3)
# objects
c('{"a":1,"b":null,"c":"","n":{"x":2,"y":null},"arr":[1,null,3]}', "compact")
O = '{"a":"i exist","b":"remove me","c":5}'
c(O, "hasField", "a"); c(O, "hasField", "A"); c(O, "keepFieldsContaining", "exist"); c(O, "removeFieldsContaining", "remove"); c(O, "removeFieldsContaining", ""); c(O, "keepFieldsContaining", 5)
c(O, "removeField", "b"); c(O, "keys"); c(O, "values"); c(O, "isEmpty"); c("{}", "isEmpty"); c(O, "isNotEmpty")
c('{"q":"a b&c","n":1,"ok":true,"o":{"x":1},"arr":[1,2]}', "urlEncode"); c('{"q":"a b&c","n":1}', "toJsonString")
# dates
D = 'DateTime.fromISO("2024-03-14T10:20:30.000Z")'
c(D, "beginningOf"); c(D, "beginningOf", "month"); c(D, "beginningOf", "year"); c(D, "endOfMonth"); c(D, "extract"); c(D, "extract", "year"); c(D, "extract", "month"); c(D, "extract", "day"); c(D, "extract", "hour"); c(D, "extract", "weekday"); c(D, "extract", "quarter")
c(D, "format", "dd/MM/yyyy"); c(D, "isBetween", "2024-03-01", "2024-04-01"); c(D, "isBetween", "2024-04-01", "2024-03-01"); c(D, "isWeekend"); c(D, "isDst")
c(D, "diffTo", "2025-01-01", "days"); c(D, "diffTo", "2025-01-01"); c(D, "diffTo", "2025-01-01", ["months", "days"]); c(D, "plus", 1, "month"); c(D, "minus", 30); c(D, "plus", 5); c(D, "toDateTime")
J = 'new Date("2024-01-31T00:00:00Z")'
c(J, "plus", 1, "month"); c(J, "minus", 30); c(J, "beginningOf", "month"); c(J, "toDateTime"); c(J, "format", "yyyy"); c(J, "extract", "month"); c(J, "isWeekend"); c(J, "endOfMonth")
json.dump(C, open('cases.json', 'w'))
exprs = []
for recv, fn, args in C:
    exprs.append('(' + recv + ').' + fn + '(' + ', '.join(json.dumps(a) for a in args) + ')')
json.dump(exprs, open('exprs.json', 'w'))

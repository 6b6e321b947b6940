import json
cases = []
def c(start, *chain):
    cases.append({"start": start, "chain": [list(x) for x in chain]})
# Durations
for obj in [{"hours": 2}, {"days": 1.5, "hours": 30}, {"months": 14}, {"years": 1, "months": 2, "days": 3}, {"minutes": 90, "seconds": 30}, {"weeks": 2, "days": -3}, {"milliseconds": 123456789}, {"hours": -1, "minutes": 90}]:
    s = ["Duration.fromObject", obj]
    c(s, ["toISO", []]); c(s, ["toMillis", []]); c(s, ["toObject", []]); c(s, ["toHuman", []])
    for u in ["years", "months", "weeks", "days", "hours", "minutes", "seconds"]:
        c(s, ["as", [u]])
    c(s, ["shiftTo", ["days", "hours", "minutes"]], ["toObject", []])
    c(s, ["shiftTo", ["weeks", "days"]], ["toObject", []])
    c(s, ["normalize", []], ["toObject", []])
    c(s, ["negate", []], ["toObject", []])
    c(s, ["plus", [{"hours": 1}]], ["toObject", []])
    c(s, ["minus", [3600000]], ["toObject", []])
    c(s, ["hours"]); c(s, ["days"]); c(s, ["isValid"])
for iso in ["P1Y2M3DT4H5M6S", "PT36H", "P2W", "PT1.5S", "P1DT12H", "-P1D", "PT0S", "nonsense", "P1M", "PT90M"]:
    s = ["Duration.fromISO", iso]
    c(s, ["toObject", []]); c(s, ["toISO", []]); c(s, ["as", ["hours"]]); c(s, ["isValid"])
c(["Duration.fromMillis", 90061001], ["toISO", []])
c(["Duration.fromMillis", 90061001], ["shiftTo", ["hours", "minutes", "seconds"]], ["toObject", []])
# Intervals
iv = ["Interval.fromDateTimes", ["fromISO", "2024-01-15T10:00:00Z"], ["fromISO", "2024-04-01T00:00:00Z"]]
for u in ["months", "weeks", "days", "hours"]:
    c(iv, ["length", [u]]); c(iv, ["count", [u]])
c(iv, ["toDuration", [["months", "days"]]], ["toObject", []]); c(iv, ["toString", []]); c(iv, ["toISO", []]); c(iv, ["isEmpty", []])
c(iv, ["contains", [["fromISO", "2024-02-01"]]]); c(iv, ["contains", [["fromISO", "2024-04-01T00:00:00Z"]]])
c(["Interval.fromISO", "2024-01-01T00:00:00Z/2024-01-02T12:00:00Z"], ["length", ["hours"]])
# JS Dates
for args in [[0], ["2024-03-05T14:07:09.045Z"], ["2024-03-05"], ["2024-03-05T14:07"], [2024, 0, 31], [2024, 1, 30, 25, 61], ["March 5, 2024 10:30"], ["Tue, 05 Mar 2024 14:07:09 +0200"], ["2024/03/05"], ["03/05/2024"], ["nonsense"], [1e20]]:
    s = ["newDate"] + args
    c(s, ["toISOString", []]); c(s, ["toString", []]); c(s, ["getTime", []]); c(s, ["toUTCString", []]); c(s, ["toLocaleString", []]); c(s, ["toLocaleDateString", []]); c(s, ["toLocaleTimeString", []]); c(s, ["getDay", []]); c(s, ["getHours", []]); c(s, ["toJSON", []]); c(s, ["toDateString", []])
    c(s, ["toLocaleString", ["en-US", {"timeZone": "America/New_York"}]])
    c(s, ["toLocaleDateString", ["en-US", {"year": "numeric", "month": "long", "day": "numeric"}]])
# more parsing
for iso in ["2024-03-05T14:07:09,5Z", "2024-03-05T14Z", "2024-03-05T14:07:09.045+05:30[Asia/Kolkata]", "2024-03", "2024", "2024-W10", "2024-W10-3T10:00", "20240305", "2024-03-05T25:00", "2024-02-30", "T14:07", "14:07:09.5", "2024-03-05T14:07:09.045-0800", "  2024-03-05", "2024-3-5"]:
    c(["fromISO", iso], ["toISO", []])
    c(["fromISO", iso, {"setZone": True}], ["toISO", []])
for args in [["5/3/2024", "d/M/yyyy"], ["2024-03-05 14:07:09.5", "yyyy-MM-dd HH:mm:ss.S"], ["2024-03-05 2:07 pm", "yyyy-MM-dd h:mm a"], ["5 March", "d MMMM"], ["Tuesday 2024-03-05", "EEEE yyyy-MM-dd"], ["1709647629045", "x"], ["2024-03-05 +05:30", "yyyy-MM-dd ZZ"], ["2024-03-05 Europe/Paris 10:00", "yyyy-MM-dd z HH:mm"], ["24-3-5", "yy-M-d"], ["2024-03-05T14:07:09.045Z", "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"], ["10 PM", "h a"], ["Q1 2024", "'Q'q yyyy"]]:
    c(["fromFormat"] + args, ["toISO", []])
    c(["fromFormat"] + args + [{"zone": "Asia/Tokyo"}], ["toISO", []])
json.dump(cases, open("cases2.json", "w"))

// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;
using Portabled.StubSystemd1;

const string Path = "/org/freedesktop/systemd1";
const string Manager = "org.freedesktop.systemd1.Manager";
const string UnitPrefix = "/org/freedesktop/systemd1/unit";
const BusVTableFlags U = BusVTableFlags.Unprivileged;

var units = new StubUnits();
using BusConnection bus = BusConnection.Open(args.Length > 0 ? args[0] : "system");

string UnitOf(string path) => ObjectPaths.Decode(path, UnitPrefix) ?? string.Empty;

// Queues one job: the unit changes state now, and like PID 1 the job finishes a little later,
// which JobRemoved says (with STUB_JOB_RESULT's result, default "done").
(uint Id, string Path) Enqueue(string unit, Action<string> change)
{
    change(unit);
    uint id = units.NextJob();
    string job = $"/org/freedesktop/systemd1/job/{id}";
    _ = Task.Delay(50).ContinueWith(_ => bus.Post(() => bus.EmitSignal(Path, Manager, "JobRemoved",
        w => w.UInt32(id).ObjectPath(job).String(unit).String(units.JobResult))), TaskScheduler.Default);
    return (id, job);
}

void Job(BusMethodCall call, string verb, Action<string> change)
{
    string unit = call.Arguments.String();
    string mode = call.Arguments.String();
    units.Record($"{verb} {unit} {mode}");
    (_, string job) = Enqueue(unit, change);
    call.Reply(w => w.ObjectPath(job));
}

// systemd 262's batch call: one (job id, job path, unit, unit path, job type) per unit.
void JobMany(BusMethodCall call)
{
    IReadOnlyList<string> names = call.Arguments.StringArray();
    string type = call.Arguments.String();
    string mode = call.Arguments.String();
    ulong flags = call.Arguments.UInt64();
    units.Record($"EnqueueUnitJobMany {string.Join(',', names)} {type} {mode} {flags}");
    Action<string> change = type == "stop" ? units.Stop : units.Start;
    var jobs = names.Select(n => (Unit: n, Job: Enqueue(n, change))).ToList();
    call.Reply(w =>
    {
        w.BeginArray("(uosos)");
        foreach (var (unit, (id, job)) in jobs)
        {
            w.BeginStruct("uosos").UInt32(id).ObjectPath(job).String(unit).ObjectPath(ObjectPaths.Encode(UnitPrefix, unit)).String(type).End();
        }

        w.End();
    });
}

static void WriteChanges(MessageWriter w, IReadOnlyList<(string Type, string Path, string Source)> changes)
{
    w.BeginArray("(sss)");
    foreach (var (type, path, source) in changes)
    {
        w.BeginStruct("sss").String(type).String(path).String(source).End();
    }

    w.End();
}

var managerMethods = new List<BusMethod>();

managerMethods.AddRange(
    [
        new BusMethod("Reload", [], [], c => { units.Record("Reload"); c.Reply(); }, U),
        new BusMethod("Subscribe", [], [], c => c.Reply(), U),
        new BusMethod("Unsubscribe", [], [], c => c.Reply(), U),
        new BusMethod("ListUnitsByPatterns", [new("as", "states"), new("as", "patterns")], [new("a(ssssssouso)", "units")], c =>
        {
            IReadOnlyList<string> states = c.Arguments.StringArray();
            IReadOnlyList<string> patterns = c.Arguments.StringArray();
            units.Record($"ListUnitsByPatterns {string.Join(',', states)} {string.Join(',', patterns)}");
            var hits = units.Active.Where(u => patterns.Any(p => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(p, u, ignoreCase: false))).ToList();
            c.Reply(w =>
            {
                w.BeginArray("(ssssssouso)");
                foreach (string u in hits)
                {
                    w.BeginStruct("ssssssouso").String(u).String("stub").String("loaded").String("active").String("running").String(string.Empty)
                        .ObjectPath(ObjectPaths.Encode(UnitPrefix, u)).UInt32(0).String(string.Empty).ObjectPath("/").End();
                }

                w.End();
            });
        }, U),
        new BusMethod("StartUnit", [new("s", "name"), new("s", "mode")], [new("o", "job")], c => Job(c, "StartUnit", units.Start), U),
        new BusMethod("StopUnit", [new("s", "name"), new("s", "mode")], [new("o", "job")], c => Job(c, "StopUnit", units.Stop), U),
        new BusMethod("RestartUnit", [new("s", "name"), new("s", "mode")], [new("o", "job")], c => Job(c, "RestartUnit", units.Start), U),
        new BusMethod("EnableUnitFilesWithFlags", [new("as", "files"), new("t", "flags")], [new("b", "carries_install_info"), new("a(sss)", "changes")], c =>
        {
            IReadOnlyList<string> files = c.Arguments.StringArray();
            ulong flags = c.Arguments.UInt64();
            units.Record($"EnableUnitFilesWithFlags {string.Join(',', files)} {flags}");
            var changes = units.Enable(files, runtime: (flags & 1) != 0);
            c.Reply(w => WriteChanges(w.Boolean(changes.Count > 0), changes));
        }, U),
        new BusMethod("DisableUnitFilesWithFlags", [new("as", "files"), new("t", "flags")], [new("a(sss)", "changes")], c =>
        {
            IReadOnlyList<string> names = c.Arguments.StringArray();
            units.Record($"DisableUnitFilesWithFlags {string.Join(',', names)} {c.Arguments.UInt64()}");
            var changes = units.Disable(names);
            c.Reply(w => WriteChanges(w, changes));
        }, U),
        new BusMethod("CleanUnit", [new("s", "name"), new("as", "mask")], [], c =>
        {
            units.Record($"CleanUnit {c.Arguments.String()} {string.Join(',', c.Arguments.StringArray())}");
            c.Reply();
        }, U),
    ]);
if (units.HasEnqueueUnitJobMany)
{
    managerMethods.Add(new BusMethod("EnqueueUnitJobMany", [new("as", "names"), new("s", "job_type"), new("s", "job_mode"), new("t", "flags")],
        [new("a(uosos)", "affected_jobs")], JobMany, U));
}

bus.AddObject(Path, new BusInterface(Manager, [new BusProperty("Version", "s", (_, w) =>
{
    units.RecordPropertyRead("Version");
    w.String(units.Version);
})], managerMethods));

bus.AddFallback(UnitPrefix, new BusInterface("org.freedesktop.systemd1.Unit",
    [
        new BusProperty("Id", "s", (p, w) => w.String(UnitOf(p))),
        new BusProperty("LoadState", "s", (p, w) => w.String("loaded")),
        new BusProperty("ActiveState", "s", (p, w) =>
        {
            units.Record($"ActiveState {UnitOf(p)}");
            w.String(units.IsActive(UnitOf(p)) ? "active" : "inactive");
        }),
        new BusProperty("SubState", "s", (p, w) => w.String(units.IsActive(UnitOf(p)) ? "running" : "dead")),
    ],
    []), path => ObjectPaths.Decode(path, UnitPrefix) is not null);
// What `systemctl start` shows after a failed job comes from here (STUB_SERVICE_RESULT).
bus.AddFallback(UnitPrefix, new BusInterface("org.freedesktop.systemd1.Service",
    [new BusProperty("Result", "s", (p, w) => w.String(units.ServiceResult))],
    []), path => ObjectPaths.Decode(path, UnitPrefix) is { } unit && unit.EndsWith(".service", StringComparison.Ordinal));

bus.RequestName("org.freedesktop.systemd1");
bus.Start();
using var stop = new ManualResetEventSlim();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Set();
});
Task.WaitAny(Task.Run(stop.Wait), bus.Stopped);

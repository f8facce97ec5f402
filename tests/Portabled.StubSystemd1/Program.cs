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

void Job(BusMethodCall call, string verb, Action<string> change)
{
    string unit = call.Arguments.String();
    string mode = call.Arguments.String();
    units.Record($"{verb} {unit} {mode}");
    change(unit);
    uint id = units.NextJob();
    string job = $"/org/freedesktop/systemd1/job/{id}";
    call.Reply(w => w.ObjectPath(job));
    // Like PID 1: the job finishes a little later and JobRemoved says so.
    _ = Task.Delay(50).ContinueWith(_ => bus.Post(() => bus.EmitSignal(Path, Manager, "JobRemoved",
        w => w.UInt32(id).ObjectPath(job).String(unit).String("done"))), TaskScheduler.Default);
}

bus.AddObject(Path, new BusInterface(Manager,
    [new BusProperty("Version", "s", (_, w) => w.String(units.Version))],
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
            units.Record($"EnableUnitFilesWithFlags {string.Join(',', c.Arguments.StringArray())} {c.Arguments.UInt64()}");
            c.Reply(w => w.Boolean(false).BeginArray("(sss)").End());
        }, U),
        new BusMethod("DisableUnitFilesWithFlags", [new("as", "files"), new("t", "flags")], [new("a(sss)", "changes")], c =>
        {
            units.Record($"DisableUnitFilesWithFlags {string.Join(',', c.Arguments.StringArray())} {c.Arguments.UInt64()}");
            c.Reply(w => w.BeginArray("(sss)").End());
        }, U),
        new BusMethod("CleanUnit", [new("s", "name"), new("as", "mask")], [], c =>
        {
            units.Record($"CleanUnit {c.Arguments.String()} {string.Join(',', c.Arguments.StringArray())}");
            c.Reply();
        }, U),
    ]));

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

bus.RequestName("org.freedesktop.systemd1");
bus.Start();
using var stop = new ManualResetEventSlim();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Set();
});
Task.WaitAny(Task.Run(stop.Wait), bus.Stopped);

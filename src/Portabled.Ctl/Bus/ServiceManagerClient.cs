// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Ctl.Bus;

/// <summary>The org.freedesktop.systemd1.Manager calls portablectl makes (docs/portablectl.md, "Service manager").</summary>
internal sealed class ServiceManagerClient
{
    public const string Destination = "org.freedesktop.systemd1";
    public const string ObjectPath = "/org/freedesktop/systemd1";
    public const string Interface = "org.freedesktop.systemd1.Manager";

    /// <summary>UNIT_FILE_RUNTIME and UNIT_FILE_PORTABLE of EnableUnitFilesWithFlags().</summary>
    public const ulong UnitFileRuntime = 1;
    public const ulong UnitFilePortable = 4;

    // Reloading may take long: twice sd-bus's default timeout, as upstream allows.
    private static readonly TimeSpan s_reloadTimeout = TimeSpan.FromSeconds(50);
    private readonly CtlBus _bus;

    public ServiceManagerClient(CtlBus bus)
    {
        _bus = bus;
    }

    public BusConnection Connection => _bus.Connection;

    public void Reload() => Call("Reload", null, _ => 0, s_reloadTimeout);

    /// <summary>Returns the install changes.</summary>
    public IReadOnlyList<PortableChange> EnableUnitFiles(string file, ulong flags) =>
        Call("EnableUnitFilesWithFlags", w => w.StringArray([file]).UInt64(flags), r =>
        {
            r.Skip("b");
            return PortableManagerClient.ReadChanges(r);
        });

    public IReadOnlyList<PortableChange> DisableUnitFiles(string name, ulong flags) =>
        Call("DisableUnitFilesWithFlags", w => w.StringArray([name]).UInt64(flags), PortableManagerClient.ReadChanges);

    /// <summary>StartUnit/StopUnit/RestartUnit with mode "replace"; the job's object path.</summary>
    public string UnitJob(string method, string unit) => Call(method, w => w.String(unit).String("replace"), r => r.ObjectPath());

    /// <summary>systemd 262's EnqueueUnitJobMany(): (job path, unit) per unit, in order.</summary>
    public IReadOnlyList<(string Job, string Unit)> EnqueueUnitJobMany(IReadOnlyList<string> units, string jobType) =>
        Call("EnqueueUnitJobMany", w => w.StringArray(units).String(jobType).String("replace").UInt64(0), r =>
        {
            var jobs = new List<(string, string)>();
            r.Enter('a', "(uosos)");
            while (r.Enter('r', "uosos"))
            {
                r.UInt32();
                string job = r.ObjectPath();
                string unit = r.String();
                r.ObjectPath();
                r.String();
                jobs.Add((job, unit));
                r.Exit();
            }

            r.Exit();
            return jobs;
        });

    public void CleanUnit(string unit) => Call("CleanUnit", w => w.String(unit).StringArray(["all", "fdstore"]), _ => 0);

    /// <summary>The Result property of a service unit ("exit-code", …).</summary>
    public string ServiceResult(string unit) =>
        _bus.Connection.Call(Destination, ObjectPaths.Encode("/org/freedesktop/systemd1/unit", unit), "org.freedesktop.DBus.Properties", "Get",
            w => w.String("org.freedesktop.systemd1.Service").String("Result"), r =>
            {
                r.Enter('v', "s");
                string result = r.String();
                r.Exit();
                return result;
            }, TimeSpan.Zero);

    private T Call<T>(string method, Action<MessageWriter>? arguments, Func<MessageReader, T> read, TimeSpan? timeout = null) =>
        _bus.Connection.Call(Destination, ObjectPath, Interface, method, arguments, read, timeout ?? TimeSpan.Zero);
}

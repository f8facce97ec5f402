// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <summary>
/// An interface's member table: what a systemd vtable declares, in the same order (the order is
/// what introspection shows). Built once, registered on one or more object paths.
/// </summary>
public sealed class BusInterface
{
    private readonly Dictionary<string, BusMethod> _methods;
    private readonly Dictionary<string, BusProperty> _properties;
    private IntPtr _vtable;

    /// <summary>Creates the table.</summary>
    public BusInterface(string name, IReadOnlyList<BusProperty> properties, IReadOnlyList<BusMethod> methods, BusVTableFlags startFlags = BusVTableFlags.None)
    {
        Name = name;
        Properties = properties;
        Methods = methods;
        StartFlags = startFlags;
        _methods = methods.ToDictionary(m => m.Name, StringComparer.Ordinal);
        _properties = properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Interface name.</summary>
    public string Name { get; }

    /// <summary>Properties, in vtable order.</summary>
    public IReadOnlyList<BusProperty> Properties { get; }

    /// <summary>Methods, in vtable order.</summary>
    public IReadOnlyList<BusMethod> Methods { get; }

    /// <summary>Flags of the SD_BUS_VTABLE_START element.</summary>
    public BusVTableFlags StartFlags { get; }

    /// <summary>
    /// Lays out the native vtable now, on any thread, instead of at the first registration (which
    /// then only hands it to sd-bus): a daemon prepares its tables while its bus thread still waits
    /// for the bus.
    /// </summary>
    public void Prepare() => _ = VTable;

    // Laid out once and kept (sd-bus keeps the pointer; the memory is never freed), whichever
    // thread gets here first.
    internal IntPtr VTable
    {
        get
        {
            if (Volatile.Read(ref _vtable) == IntPtr.Zero)
            {
                Interlocked.CompareExchange(ref _vtable, VTableBuilder.Build(this), IntPtr.Zero);
            }

            return _vtable;
        }
    }

    internal BusMethod? FindMethod(string name) => _methods.GetValueOrDefault(name);

    internal BusProperty? FindProperty(string name) => _properties.GetValueOrDefault(name);
}

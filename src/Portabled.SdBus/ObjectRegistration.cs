// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <summary>
/// What one registered vtable dispatches to. For a fallback vtable <see cref="Exists"/> decides
/// which object paths below the prefix exist and <see cref="Enumerate"/> lists them for
/// introspection; handlers get the object path of each call and resolve it themselves, so no
/// per-object GC handle is ever allocated.
/// </summary>
internal sealed class ObjectRegistration
{
    public ObjectRegistration(BusConnection connection, BusInterface iface, Func<string, bool>? exists, Func<IEnumerable<string>>? enumerate)
    {
        Connection = connection;
        Interface = iface;
        Exists = exists;
        Enumerate = enumerate;
    }

    public BusConnection Connection { get; }

    public BusInterface Interface { get; }

    public Func<string, bool>? Exists { get; }

    public Func<IEnumerable<string>>? Enumerate { get; }
}

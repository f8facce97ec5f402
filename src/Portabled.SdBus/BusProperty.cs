// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <summary>Writes a property value of the object at <paramref name="objectPath"/> (the variant is opened by sd-bus).</summary>
public delegate void BusPropertyGetter(string objectPath, MessageWriter writer);

/// <summary>Reads a new property value for the object at <paramref name="objectPath"/>.</summary>
public delegate void BusPropertySetter(string objectPath, MessageReader value);

/// <summary>One property of an interface.</summary>
public sealed record BusProperty(
    string Name,
    string Signature,
    BusPropertyGetter Getter,
    BusVTableFlags Flags = BusVTableFlags.None,
    BusPropertySetter? Setter = null);

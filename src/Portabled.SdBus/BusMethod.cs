// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <summary>Handles one method call; replies through <paramref name="call"/> (now, or later after <see cref="BusMethodCall.Defer"/>).</summary>
public delegate void BusMethodHandler(BusMethodCall call);

/// <summary>
/// One method of an interface, as sd-bus introspects it: member, input and output signatures with
/// argument names (SD_BUS_METHOD_WITH_ARGS), flags.
/// </summary>
public sealed record BusMethod(
    string Name,
    IReadOnlyList<BusArgument> Inputs,
    IReadOnlyList<BusArgument> Outputs,
    BusMethodHandler Handler,
    BusVTableFlags Flags = BusVTableFlags.None)
{
    /// <summary>Concatenated input signature.</summary>
    public string InputSignature => string.Concat(Inputs.Select(a => a.Signature));

    /// <summary>Concatenated output signature.</summary>
    public string OutputSignature => string.Concat(Outputs.Select(a => a.Signature));
}

/// <summary>A named argument of a method.</summary>
public readonly record struct BusArgument(string Signature, string Name);

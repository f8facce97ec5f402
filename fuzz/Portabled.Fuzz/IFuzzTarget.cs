// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Fuzz;

/// <summary>
/// One reader under the fuzzer: reads everything the input holds through the public API, with
/// bounded work. It lets the rejections a hostile input is allowed to cause escape
/// (<see cref="ExpectedRejections"/>); anything else escaping is a reader bug.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name <c>fuzz/run</c> and the regression folders use.</summary>
    string Name { get; }

    /// <summary>Reads <paramref name="input"/>; <paramref name="scratchPath"/> is a file the target may write the bytes to.</summary>
    void Run(byte[] input, string scratchPath);
}

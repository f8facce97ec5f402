// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;
using Portabled.Dissect.Verity;

namespace Portabled.Fuzz;

/// <summary>
/// The exceptions a reader may answer hostile input with (STYLE.md, "Parsing untrusted images"):
/// the image exceptions, an unsupported feature, a symbolic link loop, a bad signature, a refused
/// env file. Everything else (IndexOutOfRange, Overflow, ArgumentOutOfRange, OutOfMemory,
/// NullReference…) is a bug the fuzzer reports as a crash; so is a codec's
/// <c>DecompressionException</c>, which the readers turn into <see cref="InvalidImageException"/>
/// naming the block.
/// </summary>
public static class ExpectedRejections
{
    /// <summary>True when <paramref name="exception"/> is a clean rejection of the input.</summary>
    public static bool IsExpected(Exception exception) => exception is
        InvalidImageException or
        UnsupportedImageException or
        SymbolicLinkLoopException or
        VeritySignatureException or
        EnvFileException;

    /// <summary>
    /// Runs <paramref name="target"/> on <paramref name="input"/>: null when it was read, the rejection
    /// when it was rejected cleanly; any other exception escapes.
    /// </summary>
    public static Exception? RunRejectingCleanly(IFuzzTarget target, byte[] input, string scratchPath)
    {
        try
        {
            target.Run(input, scratchPath);
            return null;
        }
        catch (Exception e) when (IsExpected(e))
        {
            return e;
        }
    }
}

// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// An environment file systemd would refuse as a whole. For <see cref="EnvFileError.InvalidUtf8"/> the
/// message is the line systemd logs (<c>os-release:3: invalid UTF-8 value for key A: '…', ignoring.</c>);
/// systemd logs nothing for <see cref="EnvFileError.EmbeddedNul"/>.
/// </summary>
public sealed class EnvFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EnvFileException(EnvFileError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Why the file was refused.</summary>
    public EnvFileError Error { get; }
}

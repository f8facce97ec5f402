// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl;

/// <summary>
/// A failure that ends the command: the top-level handler logs <see cref="Exception.Message"/> at
/// error level (when not already logged) and exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CtlException : Exception
{
    public CtlException(string message, int exitCode = 1, bool logged = false)
        : base(message)
    {
        ExitCode = exitCode;
        Logged = logged;
    }

    public int ExitCode { get; }

    public bool Logged { get; }
}

// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>Why systemd refuses a whole environment file, with the errno it reports.</summary>
public enum EnvFileError
{
    /// <summary>EINVAL: a key or a value is not valid UTF-8 (by systemd's definition, which also refuses non-characters).</summary>
    InvalidUtf8,

    /// <summary>EBADMSG: the file contains a NUL byte (systemd reads it as a C string and refuses the ambiguity).</summary>
    EmbeddedNul,
}

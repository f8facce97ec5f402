// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus.Tests;

public sealed class DBusExceptionTests
{
    // sd-bus's own errno mapping (docs/portable1-api.md, "Errors").
    [Theory]
    [InlineData(2, "org.freedesktop.DBus.Error.FileNotFound", "No such file or directory")]
    [InlineData(22, "org.freedesktop.DBus.Error.InvalidArgs", "Invalid argument")]
    [InlineData(17, "org.freedesktop.DBus.Error.FileExists", "File exists")]
    [InlineData(16, "System.Error.EBUSY", "Device or resource busy")]
    [InlineData(116, "System.Error.ESTALE", "Stale file handle")]
    [InlineData(30, "System.Error.EROFS", "Read-only file system")]
    [InlineData(95, "org.freedesktop.DBus.Error.NotSupported", "Operation not supported")]
    public void FromErrno_MapsLikeSdBus(int errno, string name, string message)
    {
        DBusException e = DBusException.FromErrno(-errno);
        Assert.Equal(name, e.ErrorName);
        Assert.Equal(message, e.Message);
    }
}

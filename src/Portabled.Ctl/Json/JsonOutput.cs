// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Ctl.Bus;
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Output;
using Portabled.Ctl.Verbs;

namespace Portabled.Ctl.Json;

/// <summary>
/// --json=short|pretty for list, inspect and is-attached. The field names are API, documented in
/// docs/portablectl.md ("JSON output") and portablectl(1); unknown values are null.
/// </summary>
internal static class JsonOutput
{
    public static void List(JsonMode mode, IReadOnlyList<ImageEntry> images)
    {
        var w = new JsonWriter(mode == JsonMode.Pretty).StartArray();
        foreach (ImageEntry i in images.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            w.StartObject()
                .String("name", i.Name)
                .String("type", i.Type)
                .Boolean("readOnly", i.ReadOnly)
                .Number("creationTimestamp", Known(i.CreationTime))
                .Number("modificationTimestamp", Known(i.ModificationTime))
                .Number("usage", i.Usage == ulong.MaxValue ? null : i.Usage)
                .String("state", i.State)
                .String("objectPath", i.ObjectPath)
                .EndObject();
        }

        StandardOutput.Write(w.EndArray().ToString());
    }

    /// <summary><paramref name="extensionPaths"/>: the extensions as sent, in order (the daemon names directory extensions "").</summary>
    public static void Inspect(JsonMode mode, ImageMetadata metadata, bool cat, IReadOnlyList<string> extensionPaths)
    {
        ReleaseFields os = ReleaseFields.Parse(metadata.OsRelease, "Failed to parse /etc/os-release");
        var w = new JsonWriter(mode == JsonMode.Pretty).StartObject()
            .String("image", metadata.Image)
            .String("portableService", os["PORTABLE_PRETTY_NAME"])
            .String("operatingSystem", os["PRETTY_NAME"]);
        Fields(w, "osRelease", os);
        if (cat)
        {
            w.String("osReleaseContents", Encoding.UTF8.GetString(metadata.OsRelease));
        }

        w.StartArray("extensions");
        for (int i = 0; i < metadata.Extensions.Count; i++)
        {
            var (name, data) = metadata.Extensions[i];
            ReleaseFields ext = ReleaseFields.Parse(data, $"Failed to parse extension release from '{name}'");
            w.StartObject()
                .String("image", name)
                .String("path", i < extensionPaths.Count ? extensionPaths[i] : null)
                .String("scope", ext.First("SYSEXT_SCOPE", "CONFEXT_SCOPE"))
                .String("compatibilityLevel", ext.First("SYSEXT_LEVEL", "CONFEXT_LEVEL"))
                .String("compatibilityOs", ext["ID"])
                .String("compatibilityOsVersion", ext["VERSION_ID"])
                .String("portableService", ext["PORTABLE_PRETTY_NAME"])
                .String("portablePrefixes", ext["PORTABLE_PREFIXES"]);
            Fields(w, "extensionRelease", ext);
            if (cat)
            {
                w.String("contents", Encoding.UTF8.GetString(data));
            }

            w.EndObject();
        }

        w.EndArray().StartArray("unitFiles");
        foreach (var (name, data) in metadata.Units)
        {
            w.StartObject().String("name", name);
            if (cat)
            {
                w.String("contents", Encoding.UTF8.GetString(data));
            }

            w.EndObject();
        }

        StandardOutput.Write(w.EndArray().EndObject().ToString());
    }

    public static void State(JsonMode mode, string image, string state) =>
        StandardOutput.Write(new JsonWriter(mode == JsonMode.Pretty).StartObject().String("image", image).String("state", state).EndObject().ToString());

    private static void Fields(JsonWriter w, string name, ReleaseFields fields)
    {
        w.StartObject(name);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, _) in fields.Pairs)
        {
            if (seen.Add(k))
            {
                w.String(k, fields[k]);
            }
        }

        w.EndObject();
    }

    private static ulong? Known(ulong timestamp) => timestamp is 0 or ulong.MaxValue ? null : timestamp;
}

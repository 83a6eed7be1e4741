using PatchLab.Elf;
using PatchLab.Linking;

namespace PatchLab.Machine;

/// <summary>Puts a linked image into a machine's memory the way kernel text is mapped while it can be patched.</summary>
public static class ImageLoader
{
    /// <summary>Code pages readable, executable and writable (by the patcher), data pages readable and writable.</summary>
    public static void Load(Image image, Memory memory)
    {
        foreach (var section in image.Sections)
        {
            if ((section.Flags & SectionFlags.Alloc) == 0 || section.Size == 0) continue;
            var permissions = (section.Flags & SectionFlags.ExecInstr) != 0 ? PagePermissions.ReadExecute | PagePermissions.Write
                : PagePermissions.ReadWrite;
            // Sections sharing a page (text and read-only data, as ld lays them out) get the union of their permissions.
            for (var page = section.Address & ~(ulong)(Memory.PageSize - 1); page < section.Address + section.Size; page += Memory.PageSize)
                memory.Map(page, Memory.PageSize, permissions | (memory.FindPage(page)?.Permissions ?? 0));
            if (section.Type != SectionType.NoBits) memory.Load(section.Address, section.Data);
        }
    }
}

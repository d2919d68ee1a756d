// libfx_empty.so (case 028): intentionally empty. A valid ELF shared object
// with no tecsync symbols at all.

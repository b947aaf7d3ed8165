# The devices the emulated board uses, and nothing else: the virt
# machine with its two NETA ports (ARM_VIRT selects MARVELL_NETA and
# what virt itself needs: GIC, PL011, virtio-mmio, ...) and the
# virtio-serial port the host agent talks through.  Building only these
# roughly halves QEMU's objects (configure --without-default-devices).
CONFIG_ARM_VIRT=y
CONFIG_VIRTIO_SERIAL=y
# Not used by the board, but QEMU 7.2's Arm TCG front end does not link
# without the M-profile interrupt controller (target/arm/m_helper.c).
CONFIG_ARM_V7M=y

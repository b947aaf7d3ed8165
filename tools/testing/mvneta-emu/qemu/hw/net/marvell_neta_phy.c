/*
 * Marvell NETA gigabit Ethernet port: the board's copper PHYs and the SMI
 *
 * On Armada 370/XP boards each port reaches its cable through a copper
 * PHY, and the PHYs sit on one MDIO bus driven by the SMI register of the
 * first port's unit (0x2004 in its window: the "marvell,orion-mdio" node).
 * The model has one PHY per port that has a "phy-addr", and the port with
 * "smi" set answers the SMI register for every PHY it can reach: its own
 * and its "peer"'s, the port at the cable's other end.
 *
 * A PHY here is a plain IEEE 802.3 clause-22 PHY with no vendor
 * registers (Linux binds its generic driver), and the clause-45 EEE
 * registers it reaches through registers 13 and 14 (clause 22.2.4.3.11):
 *   3.0   PCS control 1 (clock stop enable kept, not acted on)
 *   3.20  EEE capability: 100BASE-TX and 1000BASE-T
 *   3.22  EEE wake error counter: clear on read, set from the host with
 *         "inject-eee-wake-errors" N (adds N)
 *   7.60  EEE advertisement
 *   7.61  the link partner's EEE advertisement (the peer's 7.60)
 * Auto-negotiation completes as soon as the cable is up, with the peer's
 * advertisements as the partner's; restarting it (or powering down)
 * takes the link down at both ends, and the link status in BMSR is
 * latched low until read, as clause 22.2.4.2.13 has it.
 *
 * With the PHY, the link is the MAC's only when the PHY has one.  While
 * the resolved link uses EEE (both ends advertise it for the resolved
 * speed) and the MAC's LPI_CTRL_1 asks for LPI, the transmitter enters
 * low-power idle once it has been idle for the LPI_CTRL_0 time (in
 * microseconds); a frame that finds it so waits for the wake-up time,
 * and counts in "stat-lpi-wakes".  A MAC that asks for LPI on a link
 * that did not negotiate EEE (the partner would not understand it) is
 * ignored by the PHY: such frames count in "stat-lpi-ignored".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "marvell_neta_core.h"
#include "marvell_neta_regs.h"

/* Clause-22 registers and bits (IEEE 802.3 clause 22.2.4). */
#define MII_BMCR            0
#define MII_BMSR            1
#define MII_PHYID1          2
#define MII_PHYID2          3
#define MII_ANAR            4
#define MII_ANLPAR          5
#define MII_ANER            6
#define MII_CTRL1000        9
#define MII_STAT1000        10
#define MII_MMD_CTRL        13
#define MII_MMD_DATA        14
#define MII_ESTATUS         15

#define BMCR_RESET          0x8000
#define BMCR_ANENABLE       0x1000
#define BMCR_PDOWN          0x0800
#define BMCR_ANRESTART      0x0200
#define BMCR_DEFAULT        0x1140  /* AN on, 1000/full selected */

/* 100 and 10 full and half, extended status, preamble suppression, AN. */
#define BMSR_ABILITIES      0x7949
#define BMSR_ANEGCOMPLETE   0x0020
#define BMSR_LSTATUS        0x0004

#define ANAR_DEFAULT        0x01e1  /* 100/10 full and half, 802.3 */
#define ANLPAR_ACK          0x4000
#define CTRL1000_DEFAULT    0x0300  /* 1000 full and half */
#define STAT1000_RX_OK      0x3000  /* local and remote receivers fine */
#define ESTATUS_1000T       0x3000

#define MMD_CTRL_DEVAD      0x001f
#define MMD_CTRL_FUNC       0xc000
#define MMD_CTRL_ADDR       0x0000  /* register 14 takes an address */

#define MMD_PCS             3
#define MMD_AN              7
#define PCS_CTRL1           0
#define PCS_EEE_ABLE        20
#define PCS_EEE_WK_ERR      22
#define AN_EEE_ADV          60
#define AN_EEE_LPABLE       61
#define EEE_100TX           0x0002
#define EEE_1000T           0x0004

/* The SMI register, as the orion-mdio driver drives it. */
#define SMI_DATA            0x0000ffff
#define SMI_PHY_SHIFT       16
#define SMI_REG_SHIFT       21
#define SMI_READ            (1u << 26)
#define SMI_READ_VALID      (1u << 27)

/* 1000BASE-T's wake-up time from LPI (IEEE 802.3 table 78-4): 16.5 us. */
#define LPI_WAKE_NS         16500

static NetaPhy *neta_peer_phy(MarvellNetaState *s)
{
    return s->peer && s->peer->phy.present ? &s->peer->phy : NULL;
}

void neta_phy_reset(MarvellNetaState *s)
{
    NetaPhy *p = &s->phy;

    p->bmcr = BMCR_DEFAULT;
    p->anar = ANAR_DEFAULT;
    p->ctrl1000 = CTRL1000_DEFAULT;
    p->mmd_ctrl = 0;
    memset(p->mmd_addr, 0, sizeof(p->mmd_addr));
    p->pcs_ctrl1 = 0;
    p->eee_adv = EEE_100TX | EEE_1000T;
    p->link_latched_down = true;
}

/*
 * The cable carries a link: both ends' lines up and neither PHY powered
 * down, and (with auto-negotiation on) both able to agree on a mode.
 */
bool neta_phy_link(MarvellNetaState *s)
{
    NetaPhy *p = &s->phy;
    NetaPhy *peer = neta_peer_phy(s);

    if (!p->present) {
        return s->line_up;
    }
    if (!s->line_up || (p->bmcr & BMCR_PDOWN) ||
        (s->peer && !s->peer->line_up) ||
        (peer && (peer->bmcr & BMCR_PDOWN))) {
        return false;
    }
    return true;
}

/* The partner's advertisements, as auto-negotiation brought them. */
static uint16_t neta_phy_lp_anar(MarvellNetaState *s)
{
    NetaPhy *peer = neta_peer_phy(s);

    return peer ? peer->anar : ANAR_DEFAULT;
}

static uint16_t neta_phy_lp_ctrl1000(MarvellNetaState *s)
{
    NetaPhy *peer = neta_peer_phy(s);

    return peer ? peer->ctrl1000 : CTRL1000_DEFAULT;
}

static uint16_t neta_phy_lp_eee(MarvellNetaState *s)
{
    NetaPhy *peer = neta_peer_phy(s);

    return peer ? peer->eee_adv : EEE_100TX | EEE_1000T;
}

/*
 * The resolved link uses EEE: 1000BASE-T (the model resolves nothing
 * slower while both ends offer it), or 100BASE-TX full duplex, with both
 * ends advertising EEE for it.
 */
static bool neta_phy_eee_resolved(MarvellNetaState *s)
{
    NetaPhy *p = &s->phy;
    uint16_t eee = p->eee_adv & neta_phy_lp_eee(s);

    if (!p->present || !neta_phy_link(s)) {
        return false;
    }
    if (p->ctrl1000 & neta_phy_lp_ctrl1000(s) & 0x0200) {
        return eee & EEE_1000T;
    }
    if (p->anar & neta_phy_lp_anar(s) & 0x0100) {
        return eee & EEE_100TX;
    }
    return false;
}

/* Both ends lose the link until their status is read again. */
static void neta_phy_drop(MarvellNetaState *s)
{
    s->phy.link_latched_down = true;
    if (neta_peer_phy(s)) {
        s->peer->phy.link_latched_down = true;
    }
}

void neta_phy_line_changed(MarvellNetaState *s, bool up)
{
    if (s->phy.present && !up) {
        neta_phy_drop(s);
    }
}

static uint16_t neta_phy_mmd_read(MarvellNetaState *s, int devad, int reg)
{
    NetaPhy *p = &s->phy;
    uint16_t v;

    switch (devad << 16 | reg) {
    case MMD_PCS << 16 | PCS_CTRL1:
        return p->pcs_ctrl1;
    case MMD_PCS << 16 | PCS_EEE_ABLE:
        return EEE_100TX | EEE_1000T;
    case MMD_PCS << 16 | PCS_EEE_WK_ERR:
        v = p->wake_errors;
        p->wake_errors = 0;
        return v;
    case MMD_AN << 16 | AN_EEE_ADV:
        return p->eee_adv;
    case MMD_AN << 16 | AN_EEE_LPABLE:
        return neta_phy_link(s) ? neta_phy_lp_eee(s) : 0;
    }
    return 0;
}

static void neta_phy_mmd_write(MarvellNetaState *s, int devad, int reg,
                               uint16_t val)
{
    NetaPhy *p = &s->phy;

    switch (devad << 16 | reg) {
    case MMD_PCS << 16 | PCS_CTRL1:
        p->pcs_ctrl1 = val;
        break;
    case MMD_AN << 16 | AN_EEE_ADV:
        /* Only what 3.20 says the PHY can do sticks. */
        p->eee_adv = val & (EEE_100TX | EEE_1000T);
        break;
    }
}

static uint16_t neta_phy_read(MarvellNetaState *s, int reg)
{
    NetaPhy *p = &s->phy;
    int devad = p->mmd_ctrl & MMD_CTRL_DEVAD;
    bool link;

    switch (reg) {
    case MII_BMCR:
        return p->bmcr;
    case MII_BMSR:
        link = neta_phy_link(s) && !p->link_latched_down;
        p->link_latched_down = false;
        return BMSR_ABILITIES |
               (link ? BMSR_LSTATUS : 0) |
               (link && (p->bmcr & BMCR_ANENABLE) ? BMSR_ANEGCOMPLETE : 0);
    case MII_PHYID1:
    case MII_PHYID2:
        return 0;       /* no vendor: the generic driver's */
    case MII_ANAR:
        return p->anar;
    case MII_ANLPAR:
        return neta_phy_link(s) ? neta_phy_lp_anar(s) | ANLPAR_ACK : 0;
    case MII_ANER:
        return 1;       /* the partner negotiates */
    case MII_CTRL1000:
        return p->ctrl1000;
    case MII_STAT1000:
        if (!neta_phy_link(s)) {
            return 0;
        }
        return STAT1000_RX_OK | (neta_phy_lp_ctrl1000(s) & 0x0300) << 2;
    case MII_MMD_CTRL:
        return p->mmd_ctrl;
    case MII_MMD_DATA:
        if ((p->mmd_ctrl & MMD_CTRL_FUNC) == MMD_CTRL_ADDR) {
            return p->mmd_addr[devad];
        }
        return neta_phy_mmd_read(s, devad, p->mmd_addr[devad]);
    case MII_ESTATUS:
        return ESTATUS_1000T;
    }
    return 0;
}

static void neta_phy_write(MarvellNetaState *s, int reg, uint16_t val)
{
    NetaPhy *p = &s->phy;
    int devad = p->mmd_ctrl & MMD_CTRL_DEVAD;

    switch (reg) {
    case MII_BMCR:
        if (val & BMCR_RESET) {
            neta_phy_reset(s);
            neta_phy_drop(s);
            break;
        }
        if ((val ^ p->bmcr) & BMCR_PDOWN ||
            (val & (BMCR_ANRESTART | BMCR_ANENABLE)) ==
            (BMCR_ANRESTART | BMCR_ANENABLE)) {
            neta_phy_drop(s);
        }
        p->bmcr = val & ~BMCR_ANRESTART;
        break;
    case MII_ANAR:
        p->anar = val;
        break;
    case MII_CTRL1000:
        p->ctrl1000 = val;
        break;
    case MII_MMD_CTRL:
        p->mmd_ctrl = val;
        break;
    case MII_MMD_DATA:
        if ((p->mmd_ctrl & MMD_CTRL_FUNC) == MMD_CTRL_ADDR) {
            p->mmd_addr[devad] = val;
        } else {
            neta_phy_mmd_write(s, devad, p->mmd_addr[devad], val);
        }
        break;
    }
}

/* The port whose PHY answers at @addr on this port's bus, or NULL. */
static MarvellNetaState *neta_smi_target(MarvellNetaState *s, uint32_t addr)
{
    if (s->phy.present && s->phy.addr == addr) {
        return s;
    }
    if (neta_peer_phy(s) && s->peer->phy.addr == addr) {
        return s->peer;
    }
    return NULL;
}

/*
 * An SMI command: the operation completes at once (the busy bit never
 * shows); a read leaves the data with READ_VALID.  A PHY address where no
 * PHY answers reads all ones, as a bus nobody drives.
 */
void neta_smi_write(MarvellNetaState *s, uint32_t val)
{
    uint32_t addr = (val >> SMI_PHY_SHIFT) & 0x1f;
    int reg = (val >> SMI_REG_SHIFT) & 0x1f;
    MarvellNetaState *t = neta_smi_target(s, addr);
    uint32_t cmd = val & ~(SMI_DATA | SMI_READ_VALID);

    if (val & SMI_READ) {
        s->smi_reg = cmd | SMI_READ_VALID |
                     (t ? neta_phy_read(t, reg) : SMI_DATA);
        return;
    }
    if (t) {
        neta_phy_write(t, reg, val & SMI_DATA);
    }
    s->smi_reg = val;
}

uint32_t neta_smi_read(MarvellNetaState *s)
{
    return s->smi_reg;
}

/*
 * A frame is about to leave at @start, the transmitter idle since @idle:
 * if it sat in low-power idle meanwhile, the frame waits for it to wake.
 * Returns the time the frame may start.
 */
int64_t neta_phy_tx_wake(MarvellNetaState *s, int64_t start, int64_t idle)
{
    uint32_t ctrl0 = s->regs[A_LPI_CTRL_0 >> 2];
    uint32_t ctrl1 = s->regs[A_LPI_CTRL_1 >> 2];
    int64_t limit = FIELD_EX32(ctrl0, LPI_CTRL_0, TS_LIMIT) * SCALE_US;

    if (!FIELD_EX32(ctrl1, LPI_CTRL_1, REQUEST_ENABLE) ||
        start - idle <= limit) {
        return start;
    }
    /*
     * LPI is for links whose both ends said they understand it: on any
     * other, the PHY ignores the MAC's request.  A driver learns that the
     * link renegotiated only when it next polls the PHY, so this happens
     * for a while; after that it is the driver's mistake.
     */
    if (!neta_phy_eee_resolved(s)) {
        s->phy.lpi_ignored++;
        return start;
    }
    s->phy.lpi_wakes++;
    return start + LPI_WAKE_NS;
}

void neta_phy_inject_wake_errors(MarvellNetaState *s, uint32_t n)
{
    s->phy.wake_errors = MIN((uint32_t)s->phy.wake_errors + n, 0xffff);
}

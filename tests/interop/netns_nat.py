"""Phones behind NATs, in network namespaces the test makes (root only): a public network
203.0.113.0/24 (TEST-NET-3) on a bridge in namespace `wan`, where servers run at 203.0.113.10;
one private network per phone (192.0.2.0/24, 198.51.100.0/24 — TEST-NET-1 and -2), each behind
its own router namespace that masquerades (nftables) onto the public network. Nothing touches
the host's own interfaces or routes."""
import os
import subprocess
import uuid

PUBLIC_SERVER = "203.0.113.10"


def run(*args):
    subprocess.run(args, check=True, capture_output=True, timeout=30)


def available():
    """Why namespaces cannot be made here ("" when they can)."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    for tool in ("ip", "nft"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            return f"{tool} is not installed"
    probe = f"sl-probe-{uuid.uuid4().hex[:6]}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode != 0:
        return f"ip netns add failed: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return ""


class NatLab:
    """Namespaces: wan (bridge + server), and per phone a router and the phone itself."""

    def __init__(self, phones):
        tag = uuid.uuid4().hex[:5]
        self.wan = f"sl{tag}-wan"
        self.names = [self.wan]
        self.phones = {}
        self.tag = tag
        self.phone_names = phones

    def ns(self, *args, name):
        run("ip", "netns", "exec", name, *args)

    def __enter__(self):
        try:
            self._build()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _build(self):
        run("ip", "netns", "add", self.wan)
        self.ns("ip", "link", "set", "lo", "up", name=self.wan)
        self.ns("ip", "link", "add", "br0", "type", "bridge", name=self.wan)
        self.ns("ip", "addr", "add", f"{PUBLIC_SERVER}/24", "dev", "br0", name=self.wan)
        self.ns("ip", "link", "set", "br0", "up", name=self.wan)
        lans = ["192.0.2", "198.51.100"]
        for index, phone in enumerate(self.phone_names):
            lan = lans[index]
            router, host = f"sl{self.tag}-r{index}", f"sl{self.tag}-p{index}"
            self.names += [router, host]
            public = f"203.0.113.{index + 1}"
            for name in (router, host):
                run("ip", "netns", "add", name)
                self.ns("ip", "link", "set", "lo", "up", name=name)
            # router <-> wan bridge
            run("ip", "link", "add", f"w{self.tag}{index}", "netns", router, "type", "veth",
                "peer", "name", f"b{self.tag}{index}", "netns", self.wan)
            self.ns("ip", "link", "set", f"b{self.tag}{index}", "master", "br0", "up",
                    name=self.wan)
            self.ns("ip", "addr", "add", f"{public}/24", "dev", f"w{self.tag}{index}", name=router)
            self.ns("ip", "link", "set", f"w{self.tag}{index}", "up", name=router)
            # router <-> phone
            run("ip", "link", "add", f"l{self.tag}{index}", "netns", router, "type", "veth",
                "peer", "name", "eth0", "netns", host)
            self.ns("ip", "addr", "add", f"{lan}.1/24", "dev", f"l{self.tag}{index}", name=router)
            self.ns("ip", "link", "set", f"l{self.tag}{index}", "up", name=router)
            self.ns("ip", "addr", "add", f"{lan}.10/24", "dev", "eth0", name=host)
            self.ns("ip", "link", "set", "eth0", "up", name=host)
            self.ns("ip", "route", "add", "default", "via", f"{lan}.1", name=host)
            self.ns("sysctl", "-w", "net.ipv4.ip_forward=1", name=router)
            # Masquerade: what leaves for the public network goes out from the router's address.
            self.ns("nft", "add table ip nat", name=router)
            self.ns("nft", "add chain ip nat post { type nat hook postrouting priority 100 ; }",
                    name=router)
            self.ns("nft", f"add rule ip nat post oifname w{self.tag}{index} masquerade",
                    name=router)
            # Unsolicited packets for the router itself are dropped before conntrack keeps them
            # (an entry kept would clash with the phone's own mapping and move it to another
            # port): a home router's port-preserving NAT, through which phones punch media.
            self.ns("nft", "add table ip filter", name=router)
            self.ns("nft", "add chain ip filter in { type filter hook input priority 0 ; }",
                    name=router)
            self.ns("nft", f"add rule ip filter in iifname w{self.tag}{index} drop", name=router)
            self.phones[phone] = {"namespace": host, "address": f"{lan}.10", "public": public}

    def __exit__(self, *exc):
        for name in reversed(self.names):
            subprocess.run(["ip", "netns", "del", name], capture_output=True)

    def prefix(self, phone):
        """The command prefix that runs a program inside `phone`'s namespace ("wan": the
        public side, where the servers are)."""
        name = self.wan if phone == "wan" else self.phones[phone]["namespace"]
        return ["ip", "netns", "exec", name]

UPDATE wallets SET address = lower(address) WHERE id = 1;

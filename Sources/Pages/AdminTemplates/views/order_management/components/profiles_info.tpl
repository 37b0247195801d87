{* The customer sidebar of the order pages: customer, billing and shipping address. *}
<div class="sidebar-row">
    <h6>{__("customer_information")}</h6>
    <p class="strong">{$user_data.firstname} {$user_data.lastname}</p>
    {if $user_data.company}<p>{$user_data.company}</p>{/if}
    {if $user_data.user_id}<p class="muted">{__("registered_customer")} #{$user_data.user_id}</p>{else}<p class="muted">{__("guest")}</p>{/if}
    {if $user_data.email}<p><a href="mailto:{$user_data.email|escape:"url"}">{$user_data.email}</a></p>{/if}
    {if $user_data.phone}<p>{__("phone")}: {$user_data.phone}</p>{/if}
</div>

{hook name="order_management:profile_billing_address"}
<div class="sidebar-row">
    <h6>{__("billing_address")}</h6>
    <p>{$user_data.b_firstname} {$user_data.b_lastname}</p>
    <p>{$user_data.b_address}</p>
    <p>{$user_data.b_city}{if $user_data.b_state}, {$user_data.b_state}{/if} {$user_data.b_zipcode}</p>
    <p>{$user_data.b_country}</p>
    {if $user_data.b_phone}<p>{__("phone")}: {$user_data.b_phone}</p>{/if}
</div>
{/hook}

{hook name="order_management:profile_shipping_address"}
<div class="sidebar-row">
    <h6>{__("shipping_address")}</h6>
    <p>{$user_data.s_firstname} {$user_data.s_lastname}</p>
    <p>{$user_data.s_address}</p>
    <p>{$user_data.s_city}{if $user_data.s_state}, {$user_data.s_state}{/if} {$user_data.s_zipcode}</p>
    <p>{$user_data.s_country}</p>
    {if $user_data.s_phone}<p>{__("phone")}: {$user_data.s_phone}</p>{/if}
    {if $user_data.s_address_type}<p class="muted">{__("address_type")}: {$user_data.s_address_type}</p>{/if}
</div>
{/hook}

{hook name="order_management:profiles_info"}
{/hook}
